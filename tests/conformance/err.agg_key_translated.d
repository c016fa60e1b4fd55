BEGIN
{
	@a[curpsinfo] = count();
	exit(0);
}
