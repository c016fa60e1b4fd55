BEGIN
{
	x = 1;
	l = 1L;
	c = (char)1;
	s = "str";
	printf("%d %d %d %d %s\n", sizeof(x), sizeof(l), sizeof(c), x + l + c, s);
	exit(0);
}
