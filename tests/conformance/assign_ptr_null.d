/* a pointer variable takes NULL, an integer constant 0 */
BEGIN
{
	x = (int *)0;
	x = 0;
	printf("%d\n", x == 0);
	exit(0);
}
