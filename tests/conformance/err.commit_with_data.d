BEGIN
{
	commit(1);
	printf("no\n");
}

BEGIN
{
	exit(0);
}
