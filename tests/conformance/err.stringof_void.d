BEGIN
{
	trace(stringof(trace(0)));
	exit(0);
}
