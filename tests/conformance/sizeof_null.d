/* NULL is DTrace's inline long NULL = 0, whose value is the int 0: sizeof
 * gives 4; it still compares with and assigns to pointers */
BEGIN
{
	p = (int *)0;
	printf("%d %d %d\n", sizeof(NULL), p == NULL, NULL);
	p = NULL;
	exit(0);
}
