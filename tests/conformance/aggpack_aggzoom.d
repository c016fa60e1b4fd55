/* aggpack with aggzoom: the levels scale to the largest bucket / 0.95
 * instead of the sum of the buckets. */
#pragma D option aggpack
#pragma D option aggzoom
#pragma D option encoding=ascii

BEGIN
{
	@l = lquantize(3, 0, 10, 2);
	@l = lquantize(3, 0, 10, 2);
	@l = lquantize(7, 0, 10, 2);
	@l = lquantize(-1, 0, 10, 2);
	@l = lquantize(12, 0, 10, 2);
	exit(0);
}
