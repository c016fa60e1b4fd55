BEGIN
{
	printf("%d\n");
}

BEGIN
{
	exit(0);
}
