/* associative arrays of structs: an element is assigned a struct, its
 * members read and written in place; an unset element reads as zeroes;
 * assigning 0 frees the element */
struct pt { int x; int y; };
struct pt p;

BEGIN
{
	p.x = 1;
	p.y = 2;
	a["one"] = p;
	p.x = 3;
	a["two"] = p;
	a["two"].y = 20;
	a["one"].x += 100;
	a["one"].y++;
	printf("%d %d %d %d %d\n", a["one"].x, a["one"].y, a["two"].x, a["two"].y, p.y);
	printf("%d %d\n", a["none"].x, a["none"].y);
	a["one"] = 0;
	printf("%d %d\n", a["one"].x, a["two"].x);
	q = a["two"];
	printf("%d %d\n", q.x, q.y);
	exit(0);
}
