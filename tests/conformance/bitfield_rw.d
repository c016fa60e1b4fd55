/* bit-fields: stores keep the low bits of the value, loads sign-extend a
 * signed field and zero-extend an unsigned one; op=, ++ and a field's
 * neighbours are left as they were */
struct flags {
	int s : 5;
	unsigned int u : 5;
	unsigned int mid : 11;
	long wide : 40;
	unsigned char last : 3;
};
struct flags f;

BEGIN
{
	f.s = 15;
	f.u = 31;
	f.mid = 0x7ff;
	f.wide = -2;
	f.last = 9;
	printf("%d %d %d %d %d\n", f.s, f.u, f.mid, f.wide, f.last);
	f.s = 16;
	f.u = 33;
	f.mid = 0;
	printf("%d %d %d %d %d\n", f.s, f.u, f.mid, f.wide, f.last);
	f.s += 3;
	f.u++;
	f.wide <<= 4;
	printf("%d %d %d %d\n", f.s, f.u, f.wide, f.s + f.u * 100);
	f.s = -1;
	printf("%d %d %d\n", f.s < 0, f.s == -1, f.u > 0);
	exit(0);
}
