BEGIN
{
	trace($1);
}

BEGIN
{
	exit(0);
}
