BEGIN
{
	x = (char)-1;
	y = (int)x;
	z = (unsigned char)x;
	w = (unsigned int)x;
	printf("%d %d %d %d\n", x, y, z, w);
	exit(0);
}
