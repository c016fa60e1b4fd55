BEGIN
{
	trace(uregs[42]);
	exit(0);
}
