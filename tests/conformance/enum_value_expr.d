/* an enumerator's value is a constant expression of integers and the
 * enumerators before it */
#pragma D option quiet
enum e { A = 2 * 3, B, C = A + B - 1, D = -(C / 4), E = ~0 << 2 };
BEGIN
{
	printf("%d %d %d %d %d\n", A, B, C, D, E);
	exit(0);
}
