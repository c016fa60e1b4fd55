BEGIN
{
	n = 3;
	s = n == 1 ? "one" : n == 2 ? "two" : "many";
	printf("%s %d\n", s, strlen(n > 2 ? "abcd" : "ab"));
	exit(0);
}
