/* A printa() that finds no entries marks nothing printed (DTrace flags an
 * aggregation as it prints its rows): @a, filled later, prints at exit;
 * @b, printed with a row, does not. */
tick-1ms
/n++ == 2/
{
	@a = count();
	@b = sum(2);
	printa(@b);
	exit(0);
}

BEGIN
{
	printa(@a);
	printa(@a, @b);
}
