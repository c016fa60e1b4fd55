BEGIN
{
	@m = max(3);
	printa("%@s\n", @m);
}
