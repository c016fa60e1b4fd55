BEGIN
{
	s = "abcdefg";
	printf("%s %d\n", s, strlen(s));
	exit(0);
}
