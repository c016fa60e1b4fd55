BEGIN
{
	@a = count(); trace(@a + 3);
	exit(0);
}
