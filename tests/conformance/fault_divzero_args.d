/* ERROR's arg4 for a division by zero is DTRACEFLT_DIVZERO (4) */
ERROR
{
	printf("epid %d action %d kind %d\n", arg1, arg2, arg4);
}

BEGIN
{
	z = 0;
	x = 1 / z;
}

BEGIN
{
	exit(0);
}
