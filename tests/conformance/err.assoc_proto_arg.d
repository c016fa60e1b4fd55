BEGIN
{
	x[1, "a"] = 1;
	x[2, 3] = 2;
	exit(0);
}
