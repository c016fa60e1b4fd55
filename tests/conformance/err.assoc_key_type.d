BEGIN
{
	a[1] = 1;
	a["x"] = 2;
}

BEGIN
{
	exit(0);
}
