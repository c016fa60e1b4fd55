/* aggpack does not pack a printa() of several aggregations (DTrace packs
 * only when it walks one aggregation). */
#pragma D option aggpack
#pragma D option encoding=ascii

BEGIN
{
	@n["x"] = count();
	@q["x"] = quantize(1);
	exit(0);
}

END
{
	printa(@n, @q);
}
