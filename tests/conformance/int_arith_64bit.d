/* int arithmetic is done in 64 bits and cut to 32 only when stored */
#pragma D option quiet
BEGIN
{
	i = 100000;
	j = i * i / i;
	printf("%d\n", j);
	k = i * i;
	printf("%d\n", k);
	printf("%d\n", i * 100000 / 3 > 2147483647);
	exit(0);
}
