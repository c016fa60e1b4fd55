BEGIN
{
	w = 3;
	printf("[%*s][%0*d]\n", w + 2, "ab", w, 5);
	exit(0);
}
