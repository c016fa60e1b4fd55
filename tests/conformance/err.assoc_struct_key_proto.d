/* an array keyed by one struct type takes no other struct type as key */
struct a { int x; };
struct b { int x; };
struct a va;
struct b vb;

BEGIN
{
	arr[va] = 1;
	arr[vb] = 2;
	exit(0);
}
