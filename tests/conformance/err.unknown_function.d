BEGIN
{
	nosuchfunc(1);
}

BEGIN
{
	exit(0);
}
