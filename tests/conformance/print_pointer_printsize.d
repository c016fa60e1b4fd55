/* print() shows at most printsize bytes of the object (rounded up to 8;
 * setopt() changes it while tracing): the first item from there on is
 * "..." one column deeper than its parent, and ends the print; the braces
 * still open are closed after it. */
#pragma D option printsize=5

struct pair {
	long a;
	long b;
};

struct rec {
	int x;
	int y;
	struct pair p;
	struct pair q;
};

BEGIN
{
	r = (struct rec *)alloca(sizeof (struct rec));
	r->x = 1;
	r->y = 2;
	r->p.a = 3;
	r->p.b = 4;
	r->q.a = 5;
	r->q.b = 6;
	print(r);
	setopt("printsize", "24");
	print(r);
	setopt("printsize", "0");	/* 0 is 8k: all of it */
	print(r);
	exit(0);
}
