/* under -x aggrate, printa() reads the aggregations as last snapped (the
 * first printa() snaps them) until aggrate has passed */
#pragma D option quiet
#pragma D option aggrate=1h
BEGIN
{
	@ = count();
	printa("%@d\n", @);
}

BEGIN
{
	@ = count();
	printa("%@d\n", @);
	exit(0);
}
