/* aggsortrev reverses the rows of a printa() of several aggregations. */
#pragma D option aggsortrev

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
	printa("%s %@d %@d\n", @c, @s);
}
