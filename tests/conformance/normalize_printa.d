BEGIN
{
	@a = sum(1000);
	exit(0);
}

END
{
	normalize(@a, 100);
	printa(@a);
	denormalize(@a);
	printa(@a);
}
