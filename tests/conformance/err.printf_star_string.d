BEGIN
{
	printf("%*d\n", "x", 1);
}

BEGIN
{
	exit(0);
}
