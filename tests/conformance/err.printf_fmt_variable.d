BEGIN
{
	f = "%d\n";
	printf(f, 1);
}
