struct s { int a; };
struct s g;

BEGIN
{
	tracemem(g, 4);
	exit(0);
}
