BEGIN
{
	@["b"] = sum(3);
	@["a"] = sum(-5);
	@["c"] = sum(-1);
	exit(0);
}
