BEGIN
{
	s = "abcdefghijkl";
	printf("%s %d\n", s, strlen(s));
	exit(0);
}
