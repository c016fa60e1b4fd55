END
{
	@late = count();
}

BEGIN
{
	@early = sum(7);
	@mid = max(4);
	exit(0);
}
