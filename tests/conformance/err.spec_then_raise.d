BEGIN
{
	speculate(speculation());
	raise(9);
}
