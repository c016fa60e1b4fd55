/* a global first assigned a struct is a struct variable of that type (a
 * copy, as this-> and self-> ones are); a struct member takes a struct */
struct pt { int x, y; };
struct seg { struct pt a; struct pt b; };
struct pt P;
this struct seg s;

BEGIN
{
	P.x = 1;
	P.y = 2;
	Q = P;
	P.x = 10;
	this->s.a = Q;
	this->s.b = P;
	S = this->s;
	S.b.y = 20;
	printf("%d %d %d %d %d %d\n", Q.x, Q.y, S.a.x, S.b.x, S.b.y, this->s.b.y);
	exit(0);
}
