BEGIN
{
	printf("[%3s][%-6s][%6s][%s]\n", "abcdef", "ab", "", "");
	exit(0);
}
