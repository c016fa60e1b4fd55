/* encoding=utf8: a histogram without negative counts draws its bars in
 * Unicode blocks, eighths for the fraction. */
#pragma D option encoding=utf8

BEGIN
{
	@q = quantize(1);
	@q = quantize(2);
	@q = quantize(2);
	exit(0);
}
