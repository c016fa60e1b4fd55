BEGIN
{
	@c[1] = count();
	printa("%d %s %@d\n", @c);
}
