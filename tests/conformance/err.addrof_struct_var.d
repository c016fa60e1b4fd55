/* &v of a struct variable is refused as DTrace refuses it (&v.member is not) */
struct point { int x; int y; };
struct point pt;
struct point *pp;

BEGIN
{
	pp = (struct point *)&pt.x;
	pp = &pt;
	exit(0);
}
