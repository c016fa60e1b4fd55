BEGIN
{
	@ = llquantize(1, 4, 0, 1, 2);
	@ = llquantize(3, 4, 0, 1, 2);
	@ = llquantize(5, 4, 0, 1, 2);
	@ = llquantize(20, 4, 0, 1, 2);
	exit(0);
}
