BEGIN
{
	printf("before\n");
	printf("%s\n", strchr("hello", 'z'));
}

BEGIN
{
	printf("done\n");
	exit(0);
}
