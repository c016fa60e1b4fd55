BEGIN
{
	printf("a\tb\\c\"d\'e\101\n");
	exit(0);
}
