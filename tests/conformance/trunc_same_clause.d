BEGIN
{
	@a["x"] = sum(1);
	trunc(@a);
	@a["y"] = sum(2);
	@b = sum(9);
	exit(0);
}
