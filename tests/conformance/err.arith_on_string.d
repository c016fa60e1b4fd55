BEGIN
{
	x = "a" * 2;
}

BEGIN
{
	exit(0);
}
