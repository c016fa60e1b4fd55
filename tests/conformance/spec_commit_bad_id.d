/* commit() of an id outside 0 .. nspec is an illegal operation: the clause
 * stops there, and the ERROR clause runs */
BEGIN
{
	commit(2);
	x = 1;
}

ERROR
{
	printf("error %d\n", x);
}

BEGIN
{
	discard(1);
	printf("ok\n");
	exit(0);
}
