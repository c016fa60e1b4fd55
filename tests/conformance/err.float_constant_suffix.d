BEGIN
{
	x = 2f;
	exit(0);
}
