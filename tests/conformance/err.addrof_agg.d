BEGIN
{
	@a = count(); trace((long)&@a);
	exit(0);
}
