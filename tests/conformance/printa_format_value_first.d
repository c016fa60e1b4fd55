BEGIN
{
	@c[1] = count();
	@c[2] = count();
	@c[2] = count();
	exit(0);
}

END
{
	printa("%@3d <- %d\n", @c);
}
