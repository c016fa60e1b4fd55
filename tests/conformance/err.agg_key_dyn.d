BEGIN
{
	@a = count(); @[@a] = count();
	exit(0);
}
