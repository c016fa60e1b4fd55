BEGIN
{
	z = 0;
	x = 1 / z;
}

BEGIN
{
	exit(0);
}
