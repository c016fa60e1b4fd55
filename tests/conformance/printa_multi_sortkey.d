/* aggsortkey orders the rows of a printa() of several aggregations by key;
 * aggsortkeypos=1 by the second key first. */
#pragma D option aggsortkey
#pragma D option aggsortkeypos=1

BEGIN
{
	@a["x", 2] = sum(1);
	@a["y", 1] = sum(2);
	@b["x", 1] = sum(3);
	@b["y", 2] = sum(4);
	exit(0);
}

END
{
	printa("%s %d %@d %@d\n", @a, @b);
}
