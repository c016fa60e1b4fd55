BEGIN
{
	trace(0xffffffffffffffff);
	trace(" ");
	trace(-1L);
	trace(" ");
	trace(0xffffffff);
	trace("\n");
	exit(0);
}
