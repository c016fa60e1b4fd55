#pragma D option strsize=4
BEGIN
{
	s = "abcdefghijkl";
	printf("%s\n", s);
	exit(0);
}
