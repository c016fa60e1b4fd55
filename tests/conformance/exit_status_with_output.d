BEGIN
{
	printf("x");
	exit(7);
}
