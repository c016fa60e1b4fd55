/* aggsortpos=1: rows sort by the second aggregation's value, ties by the
 * third's, then the first's (wrapping round), then by key. */
#pragma D option aggsortpos=1

BEGIN
{
	@x["k1"] = sum(3);
	@y["k1"] = sum(1);
	@z["k1"] = sum(9);
	@x["k2"] = sum(1);
	@y["k2"] = sum(1);
	@z["k2"] = sum(9);
	@x["k3"] = sum(2);
	@y["k3"] = sum(1);
	@z["k3"] = sum(4);
	@x["k4"] = sum(0);
	@y["k4"] = sum(0);
	@z["k4"] = sum(100);
	exit(0);
}

END
{
	printa("%s %@d %@d %@d\n", @x, @y, @z);
}
