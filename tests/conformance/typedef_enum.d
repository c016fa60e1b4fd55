/* typedef names and enumerators (values count on from the last one set) */
typedef unsigned int count_t;
typedef struct pair { count_t a; count_t b; } pair_t;
enum level { LOW, MID = 10, HIGH, TOP = -1 };
pair_t p;

BEGIN
{
	p.a = 0xffffffff;
	p.b = p.a + 1;
	printf("%u %u %d\n", p.a, p.b, sizeof(pair_t));
	printf("%d %d %d %d\n", LOW, MID, HIGH, TOP);
	exit(0);
}
