BEGIN
{
	trace(trace(1));
	exit(0);
}
