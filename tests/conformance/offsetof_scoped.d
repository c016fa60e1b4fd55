/* struct D`name and union D`name are the program's own types */
struct s { int x; int y; };
union u { int x; char c; };

BEGIN
{
	printf("%d %d %d\n", offsetof(struct D`s, y), offsetof(union D`u, c), sizeof(struct D`s));
	exit(0);
}
