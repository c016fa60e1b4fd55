BEGIN
{
	c = (char)-1;
	u = (unsigned char)255;
	printf("%d %d %d\n", c < 0, u > 0, c == -1);
	exit(0);
}
