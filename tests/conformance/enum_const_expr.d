/* an enumerator's value is an integral constant expression of integers
 * and enumerators declared before it; the next one counts on from it */
enum e {
	A,
	B = 5 + 5,
	C = 2,
	D,
	E = D + B,
	F = 5 / 4,
	G = -2,
	H,
	I = (1 << 4) | 1,
	J = B > C ? 100 : 200
};

BEGIN
{
	printf("%d %d %d %d %d %d %d %d %d %d\n", A, B, C, D, E, F, G, H, I, J);
	exit(0);
}
