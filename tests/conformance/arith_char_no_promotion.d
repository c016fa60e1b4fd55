BEGIN
{
	printf("%d %d\n", (char)100 + (char)100, sizeof((char)1 + (char)1));
	exit(0);
}
