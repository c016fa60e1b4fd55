BEGIN
{
	printf("[%5u][%-5x][%+5d]\n", 7U, 10, 7);
	exit(0);
}
