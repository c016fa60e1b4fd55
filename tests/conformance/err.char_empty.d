BEGIN
{
	x = '';
}

BEGIN
{
	exit(0);
}
