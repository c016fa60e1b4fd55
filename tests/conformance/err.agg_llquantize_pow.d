BEGIN
{
	@ = llquantize(1, 10, 2, 6, 80);
	exit(0);
}
