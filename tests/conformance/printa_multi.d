/* printa() of two aggregations: one row per key of either, a missing key
 * shows 0, rows sorted by the first aggregation's value. */
BEGIN
{
	@c["b"] = count();
	@c["b"] = count();
	@c["c"] = count();
	@s["a"] = sum(10);
	@s["b"] = sum(5);
	@s["c"] = sum(7);
	exit(0);
}

END
{
	printa(@c, @s);
}
