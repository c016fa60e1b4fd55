BEGIN
{
	@s["a", 1] = sum(10);
	@s["b", 2] = sum(5);
	exit(0);
}

END
{
	printa("%-3s %2d %@5d\n", @s);
}
