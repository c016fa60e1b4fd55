/* printa() of aggregations whose keys differ in type. */
BEGIN
{
	@foo[1] = count();
	@bar["x"] = count();
	printa("%@d %@d\n", @foo, @bar);
	exit(0);
}
