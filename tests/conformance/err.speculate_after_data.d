BEGIN
{
	printf("first\n");
	speculate(1);
}

BEGIN
{
	exit(0);
}
