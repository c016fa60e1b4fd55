/* aggpack with encoding=utf8: the levels are the blocks U+2581 .. U+2588. */
#pragma D option aggpack
#pragma D option encoding=utf8

BEGIN
{
	@q = quantize(1);
	@q = quantize(4);
	@q = quantize(4);
	@q = quantize(4);
	@q = quantize(4);
	@q = quantize(4);
	@q = quantize(4);
	@q = quantize(16);
	exit(0);
}
