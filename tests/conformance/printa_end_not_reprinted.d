BEGIN
{
	@a = sum(3);
	@b = count();
	exit(0);
}

END
{
	printa(@a);
}
