BEGIN
{
	s = strjoin("foo", "bar");
	printf("%s %s %d\n", s, strjoin(strjoin("a", "b"), "c"), strlen(s));
	exit(0);
}
