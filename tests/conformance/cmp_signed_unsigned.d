BEGIN
{
	a = -1;
	b = 1U;
	printf("%d %d %d %d\n", a < b, a < 1, -1L < 1UL, (unsigned char)200 > (char)100);
	exit(0);
}
