/* a struct or union is an associative array key by its bytes: equal
 * members make one key; it mixes with other keys */
struct rec { int pos; char tag; };
union num { int i; char c[4]; };
struct rec r1, r2, r3;
union num u;

BEGIN
{
	r1.pos = 1; r1.tag = 'a';
	r2.pos = 1; r2.tag = 'a';
	r3.pos = 2; r3.tag = 'a';
	a[r1] = 10;
	a[r2] += 5;
	a[r3] = 7;
	b[r1, "x"] = 1;
	b[r3, "x"] = 2;
	u.i = 0x41;
	c[u] = 3;
	u.c[0] = 'A';
	printf("%d %d %d %d %d %d\n", a[r1], a[r2], a[r3], b[r2, "x"], b[r3, "y"], c[u]);
	exit(0);
}
