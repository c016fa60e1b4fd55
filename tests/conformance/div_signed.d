BEGIN
{
	a = -7;
	b = 2;
	c = -2;
	printf("%d %d %d %d\n", a / b, a % b, 7 / c, 7 % c);
	exit(0);
}
