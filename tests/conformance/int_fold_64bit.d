/* constant and run-time int shifts keep 64 bits until stored, as
 * DTrace's do: (1 << 40) >> 20 is 1 << 20 */
#pragma D option quiet
BEGIN
{
	i = 1;
	@a = sum((1 << 40) >> 20);
	@b = sum((i << 40) >> 20);
	@c = quantize(1, (1 << 63) - 1);
	j = 1 << 40;
	printf("%d\n", j);
	exit(0);
}
