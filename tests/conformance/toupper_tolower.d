BEGIN
{
	printf("%s|%s\n", toupper("Hello World 1"), tolower("Hello World 1"));
	exit(0);
}
