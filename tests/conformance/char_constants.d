BEGIN
{
	printf("%d %d %d %d %d %d\n", 'A', '\n', '\0', '\x41', '\101', '\\');
	exit(0);
}
