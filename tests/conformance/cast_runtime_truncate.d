BEGIN
{
	x = 0x12345678;
	printf("%x %x %d\n", (unsigned short)x, (unsigned char)x, (char)(x + 0x80));
	exit(0);
}
