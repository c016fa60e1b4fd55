/* setopt() failures are reported when the record is consumed: unknown
 * names, bad values, and run-time options fixed once tracing runs. */
BEGIN
{
	setopt("nosuchoption");
	setopt("quiet", "maybe");
	setopt("bufsize", "1m");
	printf("done\n");
	exit(0);
}
