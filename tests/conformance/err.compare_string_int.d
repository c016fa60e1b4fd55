BEGIN
{
	x = "a" == 1;
}

BEGIN
{
	exit(0);
}
