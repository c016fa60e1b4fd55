/* walltimestamp reads the clock at each use, as DTrace does: a later read
 * in the same clause is later, and close to the first */
BEGIN
{
	a = walltimestamp;
	b = walltimestamp;
	printf("%d %d\n", b > a, b - a < 100000000);
	exit(0);
}
