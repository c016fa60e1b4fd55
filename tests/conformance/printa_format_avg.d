BEGIN
{
	@a["k"] = avg(3);
	@a["k"] = avg(6);
	exit(0);
}

END
{
	printa("%s avg %@d\n", @a);
}
