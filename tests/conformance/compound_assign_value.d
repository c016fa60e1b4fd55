BEGIN
{
	x = 1;
	y = (x += 4) * 2;
	z = (x = 7) + 1;
	printf("%d %d %d\n", x, y, z);
	exit(0);
}
