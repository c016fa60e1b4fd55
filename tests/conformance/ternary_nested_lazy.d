BEGIN
{
	x = 2;
	z = 0;
	y = x == 1 ? 10 : x == 2 ? 20 : 30;
	w = z ? 10 / z : 7;
	printf("%d %d\n", y, w);
	exit(0);
}
