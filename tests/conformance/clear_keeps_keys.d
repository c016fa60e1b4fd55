BEGIN
{
	@a["k"] = sum(5);
	@a["j"] = sum(2);
}

BEGIN
{
	clear(@a);
	exit(0);
}
