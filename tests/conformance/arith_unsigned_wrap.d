BEGIN
{
	x = 0U;
	x = x - 1;
	y = (unsigned long)0;
	y = y - 1;
	printf("%u %d %d\n", x, x, y);
	exit(0);
}
