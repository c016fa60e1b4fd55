BEGIN
{
	@["b"] = count();
	@["a"] = count();
	@["b"] = count();
	@["c"] = count();
	@["c"] = count();
	@["c"] = count();
	exit(0);
}
