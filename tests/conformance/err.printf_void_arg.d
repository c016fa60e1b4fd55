BEGIN
{
	printf("%s\n", trace(1));
}
