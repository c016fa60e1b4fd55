BEGIN
{
	@n = sum(1);
	printf("%d %d\n", 7, @n);
}
