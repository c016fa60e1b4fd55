BEGIN
{
	x = strlen(5);
}

BEGIN
{
	exit(0);
}
