BEGIN
{
	@["x", 1] = sum(2);
	@["y", 2] = sum(1);
	@["x", 2] = sum(3);
	exit(0);
}
