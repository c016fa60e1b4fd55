/* a variable that holds a pointer is not assigned an integer (NULL, the
 * constant 0, it is) */
struct s { int a; } v;

BEGIN
{
	p = (struct s *)&v.a;
	p = 0;
	p = NULL;
	p = pid;
	exit(0);
}
