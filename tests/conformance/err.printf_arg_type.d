BEGIN
{
	printf("%d\n", "str");
}

BEGIN
{
	exit(0);
}
