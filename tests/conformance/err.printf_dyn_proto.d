BEGIN
{
	printf("%s %.*d\n", "x");
}
