BEGIN
{
	printf("%x %x %u %o\n", -1, -1L, -1, (char)-1);
	exit(0);
}
