BEGIN
{
	trace(12);
	trace("quiet");
	trace(-3);
	trace("\n");
	exit(0);
}
