BEGIN
{
	x = 1;
	x + 1 = 2;
}

BEGIN
{
	exit(0);
}
