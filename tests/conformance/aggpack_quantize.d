/* aggpack: a quantize aggregation prints one packed line per key under a
 * header spanning the buckets of every key (ASCII levels "__xxxxXX"). */
#pragma D option aggpack
#pragma D option encoding=ascii

BEGIN
{
	@q["a"] = quantize(1);
	@q["a"] = quantize(2);
	@q["a"] = quantize(2);
	@q["a"] = quantize(2);
	@q["b"] = quantize(8);
	@q["b"] = quantize(8);
	@k = quantize(-3);
	@k = quantize(100000);
	@k = quantize(100000, 3);
	@c = count();
	exit(0);
}

END
{
	printa(@q);
}
