BEGIN
{
	@c["x"] = count();
	@c["y"] = count();
	@c["y"] = count();
	exit(0);
}

END
{
	printa("%s: %@d\n", @c);
}
