BEGIN
{
	x = "a"; x++;
	exit(0);
}
