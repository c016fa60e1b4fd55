BEGIN
{
	printf("%S|%s\n", "a\tb\n", "c\td");
	exit(0);
}
