BEGIN
{
	x = substr("a", 1, 2, 3);
}

BEGIN
{
	exit(0);
}
