BEGIN
{
	printf("%d %d %d\n", sizeof(1L < 2L), sizeof(!1L), sizeof(1L && 1L));
	exit(0);
}
