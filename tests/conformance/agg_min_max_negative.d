BEGIN
{
	@mx = max(-5);
	@mx = max(-9);
	@mn = min(-5);
	@mn = min(3);
	exit(0);
}
