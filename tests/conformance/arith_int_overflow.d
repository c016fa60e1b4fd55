BEGIN
{
	x = 2147483647;
	y = x + 1;
	printf("%d %d %d\n", y, x + 1, sizeof(y));
	exit(0);
}
