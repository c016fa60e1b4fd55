/* aggpack: lquantize always shows its whole range, "< base" to ">= limit",
 * one character a bucket; integer keys keep their widths. */
#pragma D option aggpack
#pragma D option encoding=ascii

BEGIN
{
	@l[1] = lquantize(3, 0, 10, 2);
	@l[1] = lquantize(3, 0, 10, 2);
	@l[1] = lquantize(7, 0, 10, 2);
	@l[1] = lquantize(-1, 0, 10, 2);
	@l[1] = lquantize(12, 0, 10, 2);
	@l[2] = lquantize(5, 0, 10, 2);
	@l[2] = lquantize(5, 0, 10, 2, -2);
	exit(0);
}
