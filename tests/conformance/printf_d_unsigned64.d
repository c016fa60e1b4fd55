BEGIN
{
	printf("%d %u %d\n", 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffff);
	exit(0);
}
