BEGIN
{
	s = "abc";
	t = "abd";
	printf("%d %d %d %d %d %d\n", s < t, s == "abc", s >= t, s != "ab",
	    "b" > "abc", "" < "a");
	exit(0);
}
