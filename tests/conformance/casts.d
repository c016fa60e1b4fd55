BEGIN
{
	printf("%d %d %d %d %d %d %d\n", (char)300, (unsigned char)-1,
	    (short)70000, (int)4294967297, (unsigned short)-2, (long)-1,
	    (unsigned int)-1);
	exit(0);
}
