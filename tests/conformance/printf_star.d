BEGIN
{
	printf("[%*d][%-*d][%.*s][%*.*s]\n", 6, 42, 4, 7, 2, "abcdef", 5, 3, "abcdef");
	exit(0);
}
