/* struct and union layout as DTrace's type library lays out a D
 * declaration: members aligned as in C on LP64, but no padding after the
 * last member (struct b is 18 bytes, union u 12, struct n 11) */
struct a { char c; int i; };
struct b { char c; long l; short s; };
union u { char c; long l; int arr[3]; };
struct n { struct a first; char tail[3]; };

BEGIN
{
	printf("%d %d %d\n", sizeof(struct a), offsetof(struct a, c), offsetof(struct a, i));
	printf("%d %d %d\n", sizeof(struct b), offsetof(struct b, l), offsetof(struct b, s));
	printf("%d %d\n", sizeof(union u), offsetof(union u, arr));
	printf("%d %d\n", sizeof(struct n), offsetof(struct n, tail));
	exit(0);
}
