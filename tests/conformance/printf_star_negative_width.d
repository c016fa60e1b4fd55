BEGIN
{
	w = -5;
	printf("[%*d]\n", w, 42);
	exit(0);
}
