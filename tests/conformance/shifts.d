BEGIN
{
	a = 1;
	b = 256;
	c = -16;
	d = -16L;
	u = (unsigned int)0x80000000;
	printf("%d %d %d %d %d\n", a << 4, b >> 4, c >> 2, d >> 2, u >> 31);
	exit(0);
}
