BEGIN
{
	x = strlen();
}

BEGIN
{
	exit(0);
}
