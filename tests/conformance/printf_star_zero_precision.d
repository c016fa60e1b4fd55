BEGIN
{
	printf("[%.*s][%.*d][%3.0d]\n", 0, "abc", 0, 0, 7);
	exit(0);
}
