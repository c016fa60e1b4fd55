BEGIN
{
	printf("%i %u %d %i\n", -3, 3, (unsigned char)250, (short)-300);
	exit(0);
}
