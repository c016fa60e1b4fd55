BEGIN
{
	s = "abc";
	printf("%d\n", sizeof(s));
	exit(0);
}
