/* An aggregation table smaller than one entry cannot be enabled. */
#pragma D option aggsize=8

BEGIN
{
	@ = count();
	exit(0);
}
