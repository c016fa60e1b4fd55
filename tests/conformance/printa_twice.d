BEGIN
{
	@a = sum(3);
	exit(0);
}

END
{
	printa(@a);
	printa(@a);
}
