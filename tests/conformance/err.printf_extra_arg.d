BEGIN
{
	printf("%d\n", 1, 2);
}

BEGIN
{
	exit(0);
}
