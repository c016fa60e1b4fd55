BEGIN
{
	5++;
}

BEGIN
{
	exit(0);
}
