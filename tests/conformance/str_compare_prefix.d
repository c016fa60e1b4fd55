BEGIN
{
	printf("%d %d %d\n", "ab" < "abc", "abc" == "abcd", "abc" <= "abc");
	exit(0);
}
