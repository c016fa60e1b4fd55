BEGIN
{
	@["z"] = sum(1);
	@["m"] = sum(1);
	@["a"] = sum(1);
	@["q"] = sum(0);
	exit(0);
}
