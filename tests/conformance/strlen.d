BEGIN
{
	printf("%d %d %d\n", strlen("hello"), strlen(""), strlen("a\tb"));
	exit(0);
}
