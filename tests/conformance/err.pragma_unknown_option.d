/* A #pragma D option naming no option fails the compile. */
#pragma D option nosuchoption

BEGIN
{
	exit(0);
}
