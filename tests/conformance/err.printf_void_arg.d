BEGIN
{
	printf("%d", printf(""));
	exit(0);
}
