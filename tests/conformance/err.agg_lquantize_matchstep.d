BEGIN
{
	@ = lquantize(0, 10, 20, 1); @ = lquantize(0, 10, 20, 2);
	exit(0);
}
