BEGIN
{
	@a = count();
	@a = max(1);
}

BEGIN
{
	exit(0);
}
