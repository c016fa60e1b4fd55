/* dynvarsize smaller than one array element (an 8-byte key and value)
 * cannot be enabled. */
#pragma D option dynvarsize=15

BEGIN
{
	a[1] = 1;
	exit(0);
}
