BEGIN
{
	@c = count();
	@q = quantize(1);
	exit(0);
}
