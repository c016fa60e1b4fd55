BEGIN
{
	x = 1.5;
}

BEGIN
{
	exit(0);
}
