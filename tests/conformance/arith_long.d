BEGIN
{
	x = 2147483647L;
	y = 0x7fffffffffffffff;
	printf("%d %d\n", x + 1, y + 1);
	exit(0);
}
