BEGIN
{
	printf("%d %d %d %d %d %d\n", index("hello", "l"), rindex("hello", "l"),
	    index("hello", "z"), index("hello", "l", 3), rindex("hello", "z"),
	    index("hello", "llo"));
	exit(0);
}
