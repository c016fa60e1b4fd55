BEGIN
{
	printf("%s|%s|%s|%s|\n", substr("hello", -3), substr("hello", 1, -1),
	    substr("hello", -20), substr("hello", -7, 3));
	exit(0);
}
