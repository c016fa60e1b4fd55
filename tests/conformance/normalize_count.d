BEGIN
{
	@c = count();
	@c = count();
	@c = count();
	@c = count();
	normalize(@c, 2);
	exit(0);
}
