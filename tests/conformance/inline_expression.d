/* an inline may be any expression: typed where it is used, converted to
 * the inline's type; a struct-valued inline names the struct */
struct rec { int a; char b; };
struct rec r;
inline struct rec copy = r;
inline string who = probename;
inline char small = 0x141 + (pid & 0);
inline int nonzero = timestamp != 0;

BEGIN
{
	r.a = 7;
	r.b = 66;
	printf("%d %c %s %d %d %d\n", copy.a, copy.b, who, small, sizeof(small), nonzero);
	exit(0);
}
