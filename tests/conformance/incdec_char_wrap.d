BEGIN
{
	c = (char)127;
	c++;
	u = (unsigned char)0;
	u--;
	printf("%d %d\n", c, u);
	exit(0);
}
