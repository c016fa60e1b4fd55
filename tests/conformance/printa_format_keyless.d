BEGIN
{
	@n = sum(42);
	exit(0);
}

END
{
	printa("total %@d\n", @n);
}
