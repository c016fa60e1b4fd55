/* Boolean options take yes/no, on/off, true/false, enable(d)/disable(d),
 * set/unset in any case, "" (unset) or a number. */
#pragma D option quiet=YES
#pragma D option quiet=on
#pragma D option quiet=SeT
#pragma D option flowindent=disabled
#pragma D option flowindent=UnSeT
#pragma D option flowindent=
#pragma D option rawbytes=0

BEGIN
{
	printf("quiet\n");
	exit(0);
}
