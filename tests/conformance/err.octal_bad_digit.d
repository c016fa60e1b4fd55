BEGIN
{
	x = 09;
}

BEGIN
{
	exit(0);
}
