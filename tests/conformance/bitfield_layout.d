/* bit-fields are packed as DTrace's type library packs them: each starts
 * at the first byte after the bits before it, aligned to its own size (the
 * smallest of 1, 2, 4 and 8 bytes that holds it); widths of 8, 16, 32 and
 * 64 bits are ordinary integers; an unnamed width 0 is ignored */
struct s1 { int a : 1; };
struct s2 { int a : 1; int b : 3; int c : 3; };
struct s3 { int c : 12; int a : 10; int b : 3; };
struct s4 { int a : 20; int b : 3; int c : 12; };
struct s5 { char a : 2; short b : 12; long c : 32; };
struct s6 { int a : 3; int : 0; int b : 3; int : 6; char after; };
struct s7 { int a : 3; int whole : 32; short half : 16; };

BEGIN
{
	printf("%d %d %d %d %d\n", sizeof(struct s1), sizeof(struct s2), sizeof(struct s3),
	    sizeof(struct s4), sizeof(struct s5));
	printf("%d %d\n", sizeof(struct s6), offsetof(struct s6, after));
	printf("%d %d %d\n", sizeof(struct s7), offsetof(struct s7, whole), offsetof(struct s7, half));
	exit(0);
}
