BEGIN
{
	@a["a"] = sum(1);
	@a["b"] = sum(2);
	@b = count();
}

BEGIN
{
	trunc(@a);
	exit(0);
}
