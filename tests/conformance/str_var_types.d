BEGIN
{
	s = "x";
	s = strjoin(s, "y");
	t = s;
	s = "changed";
	printf("%s %s\n", t, s);
	exit(0);
}
