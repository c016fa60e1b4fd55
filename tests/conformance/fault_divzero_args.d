/* ERROR's arg4 for a division by zero is DTRACEFLT_DIVZERO (4); arg1 is the
 * faulting probe's ID (BEGIN: 1), arg2 its clause's index (1) */
ERROR
{
	printf("id %d clause %d kind %d\n", arg1, arg2, arg4);
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
