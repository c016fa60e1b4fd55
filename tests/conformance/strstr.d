BEGIN
{
	printf("%s|%s\n", strstr("hello world", "o w"), strstr("abcabc", "ca"));
	exit(0);
}
