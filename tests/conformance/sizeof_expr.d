BEGIN
{
	x = 1;
	y = 1L;
	s = "abc";
	printf("%d %d %d %d\n", sizeof(x), sizeof(y), sizeof(x + y), sizeof(s));
	exit(0);
}
