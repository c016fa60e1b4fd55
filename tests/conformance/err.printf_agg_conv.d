BEGIN
{
	printf("%@d\n", 1);
}

BEGIN
{
	exit(0);
}
