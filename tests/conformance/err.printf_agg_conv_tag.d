BEGIN
{
	printf("%@u\n", 1);
}
