BEGIN
{
	trace($$2);
}

BEGIN
{
	exit(0);
}
