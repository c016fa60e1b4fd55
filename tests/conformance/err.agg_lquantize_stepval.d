BEGIN
{
	@ = lquantize(1, 1, 100000, 100000);
	exit(0);
}
