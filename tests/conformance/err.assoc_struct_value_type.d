/* an array of one struct type is not assigned another */
struct a { int x; };
struct b { int x; };
struct a va;
struct b vb;

BEGIN
{
	arr[1] = va;
	arr[2] = vb;
	exit(0);
}
