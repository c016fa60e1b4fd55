BEGIN
{
	x[1, 2] = 1;
	x[3] = 2;
	exit(0);
}
