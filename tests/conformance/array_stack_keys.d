/* associative arrays keyed by stacks and symbols, alone or with others */
BEGIN
{
	x[stack()] = 1;
	y[ustack(), "a"] = 2;
	z[sym(0)] = 1;
	z[sym(0)] += 2;
	printf("%d %d %d %d\n", x[stack()], y[ustack(), "a"], y[ustack(), "b"], z[sym(0)]);
	exit(0);
}
