int64_t big;
unsigned short us;
char c;

BEGIN
{
	big = 1;
	big <<= 40;
	us = 65535;
	us++;
	c = 200;
	printf("%d %d %d %d %d\n", big, us, sizeof(us), c, sizeof(c));
	exit(0);
}
