/* printa() with a format over two aggregations: each %@ takes the next
 * aggregation's value; a %@ past the last aggregation repeats the last. */
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
	printa("%-4s %@3d %@5d|%@d\n", @c, @s);
}
