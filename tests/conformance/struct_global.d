/* a global struct variable: members written and read with '.', the
 * address of its first member taken with '&', cast to the struct's and
 * followed with '->' (&pt itself is refused, as DTrace refuses it) */
struct point { int x; int y; };
struct point pt;
struct point *pp;

BEGIN
{
	pt.x = 3;
	pt.y = -4;
	pp = (struct point *)&pt.x;
	pp->x += 10;
	pp->y++;
	printf("%d %d %d\n", pt.x, pt.y, pp->x * pp->y);
	exit(0);
}
