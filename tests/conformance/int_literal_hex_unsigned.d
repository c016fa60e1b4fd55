BEGIN
{
	printf("%d %d %d\n", 0x80000000 > 0, -1 < 0, -1 < 0U);
	exit(0);
}
