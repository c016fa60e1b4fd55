/* x op= e reads x before e runs: e's side effects on x are lost */
#pragma D option quiet
BEGIN
{
	i = 4;
	i += i++ + 10;
	printf("%d\n", i);
	j = 3;
	j *= ++j;
	printf("%d\n", j);
	exit(0);
}
