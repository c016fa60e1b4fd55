/* printa() of something that is not an aggregation. */
BEGIN
{
	@a = count();
	printa("%@d\n", @a, 123);
	exit(0);
}
