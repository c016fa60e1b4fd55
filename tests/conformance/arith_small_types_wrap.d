BEGIN
{
	printf("%d %d\n", (unsigned char)200 + (unsigned char)100,
	    (short)30000 + (short)30000);
	exit(0);
}
