/* float, double and long double: sizes and layout as C has them on x86-64,
 * but for the tail padding DTrace leaves off a D struct (52, not 64) */
typedef float real_t;
typedef long double wide_t;

struct fl {
	char c;
	double d;
	float f;
	wide_t ld;
	int i;
};

float fa[6];
double da[6];
long double lda[3];

BEGIN
{
	printf("%d %d %d %d %d\n", sizeof (float), sizeof (double), sizeof (long double),
	    sizeof (real_t), sizeof (double long));
	printf("%d %d %d %d %d\n", sizeof (struct fl), offsetof(struct fl, d),
	    offsetof(struct fl, f), offsetof(struct fl, ld), offsetof(struct fl, i));
	printf("%d %d %d\n", sizeof (fa), sizeof (da), sizeof (lda));
	exit(0);
}
