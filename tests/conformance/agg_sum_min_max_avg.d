BEGIN
{
	@s = sum(5);
	@s = sum(-2);
	@mn = min(5);
	@mn = min(-2);
	@mx = max(5);
	@mx = max(-2);
	@av = avg(5);
	@av = avg(-2);
	@av = avg(6);
	exit(0);
}
