BEGIN
{
	printf("%s %s %s %s\n", basename("foo"), dirname("foo"), basename("/"),
	    dirname("/"));
	exit(0);
}
