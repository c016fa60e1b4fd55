BEGIN
/0/
{
	@a = count();
}

BEGIN
{
	@b = sum(2);
	exit(0);
}
