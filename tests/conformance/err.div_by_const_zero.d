BEGIN
{
	x = 1;
	y = x / 0;
}

BEGIN
{
	exit(0);
}
