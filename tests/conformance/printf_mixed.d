BEGIN
{
	printf("%s=%d (%c) %x %s\n", "n", 10, 'Z', 10, strjoin("e", "nd"));
	exit(0);
}
