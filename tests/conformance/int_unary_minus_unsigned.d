BEGIN
{
	printf("%d %d %d\n", -1U, -(1), - -5);
	exit(0);
}
