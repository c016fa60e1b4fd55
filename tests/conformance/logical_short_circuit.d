BEGIN
{
	x = 0;
	z = 0;
	a = 0 && x++;
	b = 1 || x++;
	c = 1 && x++;
	d = z != 0 && 10 / z > 1;
	e = z == 0 || 10 / z > 1;
	printf("%d %d %d %d %d %d\n", a, b, c, d, e, x);
	exit(0);
}
