BEGIN
{
	@ = lquantize(0, 10, 20, 1); @ = lquantize(0, 10, 30, 1);
	exit(0);
}
