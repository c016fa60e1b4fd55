BEGIN
{
	x = 1L;
	printf("%d %d %d\n", x << 40, sizeof(1 << 2L), sizeof(1L << 2));
	exit(0);
}
