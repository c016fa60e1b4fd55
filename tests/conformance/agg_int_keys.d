BEGIN
{
	@[3] = sum(30);
	@[1] = sum(10);
	@[2] = sum(20);
	exit(0);
}
