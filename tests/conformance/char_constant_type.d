BEGIN
{
	printf("%d %d %c%c\n", sizeof('a'), sizeof((char)'a'), 'O', 'K');
	exit(0);
}
