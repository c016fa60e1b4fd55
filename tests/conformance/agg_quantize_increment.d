BEGIN
{
	@ = quantize(8, 3);
	@ = quantize(100, 1);
	exit(0);
}
