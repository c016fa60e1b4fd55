BEGIN
{
	printf("%d %d %d %d %d\n", 10, 0x1F, 0X1f, 017, 0);
	exit(0);
}
