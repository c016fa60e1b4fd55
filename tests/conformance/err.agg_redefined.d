BEGIN
{
	@a = count();
	@a = sum(1);
}

BEGIN
{
	exit(0);
}
