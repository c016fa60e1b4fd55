BEGIN
{
	trace(nosuchvar);
}

BEGIN
{
	exit(0);
}
