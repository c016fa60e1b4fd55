BEGIN
{
	printf("%c\n", 65L);
}

BEGIN
{
	exit(0);
}
