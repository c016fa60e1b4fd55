/* quantize() of INT64_MIN counts in the lowest bucket, -2^62 */
#pragma D option quiet
BEGIN
{
	x = 1LL << 63;
	@ = quantize(x);
	@ = quantize(x + 1);
	exit(0);
}
