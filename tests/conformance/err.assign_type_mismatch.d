BEGIN
{
	x = 1;
	x = "str";
}

BEGIN
{
	exit(0);
}
