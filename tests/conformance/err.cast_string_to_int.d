BEGIN
{
	x = (int)"abc";
}

BEGIN
{
	exit(0);
}
