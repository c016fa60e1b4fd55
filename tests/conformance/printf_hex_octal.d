BEGIN
{
	printf("%x %X %o %#x %#o %08x %#X\n", 255, 255, 8, 255, 8, 48879, 48879);
	exit(0);
}
