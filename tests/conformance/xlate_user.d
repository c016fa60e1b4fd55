/* translators declared in the program: xlate <T *> (e)->m and xlate <T> (e).m
 * pick the translator by the input type; members convert to their types */
struct foo { int a; char name[8]; long big; };
typedef struct info { int val; string label; long twice; } info_t;

translator info_t < struct foo *F > {
	val = F->a;
	label = stringof(F->name);
	twice = F->big * 2;
};

translator info_t < int I > {
	val = I + 1;
	label = "from an int";
	twice = I * 2;
};

struct foo g;

BEGIN
{
	g.a = 7;
	g.name[0] = 'x';
	g.big = 21;
	printf("%d %s %d\n", xlate <info_t *> ((struct foo *)&g.a)->val,
	    xlate <info_t *> ((struct foo *)&g.a)->label, xlate <info_t *> ((struct foo *)&g.a)->twice);
	printf("%d %s %d\n", xlate <info_t> (41).val, xlate <info_t> (41).label, xlate <info_t> (41).twice);
	exit(0);
}
