/* print() of a string and of an enum */
enum e { ONE = 1, TWO };
struct s { enum e v; enum e w; };
struct s g;

BEGIN
{
	g.v = TWO;
	g.w = 7;
	print("hello");
	print(g);
	printf("\n");
	exit(0);
}
