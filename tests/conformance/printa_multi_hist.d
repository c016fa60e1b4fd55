/* A histogram in a printa() of several aggregations prints in full after
 * the row's keys; a key it lacks shows an empty histogram. */
BEGIN
{
	@n["x"] = count();
	@n["y"] = count();
	@q["y"] = lquantize(3, 0, 10, 5);
	exit(0);
}

END
{
	printa(@n, @q);
}
