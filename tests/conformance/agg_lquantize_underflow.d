BEGIN
{
	@ = lquantize(-5, 0, 10, 5);
	@ = lquantize(0, 0, 10, 5);
	exit(0);
}
