BEGIN
{
	f = 10; @ = llquantize(1, f, 0, 6, 20);
	exit(0);
}
