BEGIN
{
	printf("%d %d %d %d\n", 1 + 2 << 1, 6 & 3 | 8, 1 | 2 ^ 3, 10 - 4 - 3);
	exit(0);
}
