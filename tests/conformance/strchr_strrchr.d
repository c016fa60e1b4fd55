BEGIN
{
	printf("%s %s %s\n", strchr("hello", 'l'), strrchr("hello", 'l'),
	    strchr("hello", 'h'));
	exit(0);
}
