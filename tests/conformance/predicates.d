BEGIN
/1 == 2/
{
	printf("no\n");
}

BEGIN
/1 == 1/
{
	printf("yes\n");
}

BEGIN
{
	exit(0);
}
