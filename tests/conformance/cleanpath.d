BEGIN
{
	printf("%s %s %s\n", cleanpath("/a/b/../c"), cleanpath("/a/./b//c"),
	    cleanpath("/a/b/c/../../"));
	exit(0);
}
