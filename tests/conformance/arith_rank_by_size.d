BEGIN
{
	printf("%d %d %d %d\n", (char)100 + 100, sizeof((char)1 + 1),
	    (unsigned char)255 + (char)1, sizeof((short)1 + 1L));
	exit(0);
}
