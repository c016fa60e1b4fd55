/* a global struct variable: members written and read with '.', its
 * address taken with '&' and followed with '->' */
struct point { int x; int y; };
struct point pt;
struct point *pp;

BEGIN
{
	pt.x = 3;
	pt.y = -4;
	pp = &pt;
	pp->x += 10;
	pp->y++;
	printf("%d %d %d\n", pt.x, pt.y, pp->x * pp->y);
	exit(0);
}
