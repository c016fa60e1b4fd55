BEGIN
{
	@a["x"] = sum(100);
	@a["y"] = sum(50);
	@a["z"] = sum(7);
}

BEGIN
{
	normalize(@a, 10);
	exit(0);
}
