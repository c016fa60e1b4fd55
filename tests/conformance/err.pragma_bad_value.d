/* A #pragma D option value the option does not take fails the compile. */
#pragma D option quiet=please

BEGIN
{
	exit(0);
}
