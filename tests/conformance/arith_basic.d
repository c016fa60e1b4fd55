BEGIN
{
	printf("%d %d %d %d %d\n", 7 + 3 * 2, (7 + 3) * 2, 17 / 5, 17 % 5, -7 + 2);
	exit(0);
}
