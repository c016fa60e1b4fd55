BEGIN
{
	@a = count();
	clear(@a);
	@a = count();
	exit(0);
}
