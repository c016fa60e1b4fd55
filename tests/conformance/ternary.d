BEGIN
{
	x = 5;
	printf("%s %d %d\n", x > 3 ? "big" : "small", x < 3 ? 1 : 2, x ? x * 2 : 0);
	exit(0);
}
