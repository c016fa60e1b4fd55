/* inlines with parameters (name[type param, ...] = expr) used as name[args]:
 * the arguments, converted to the parameters' types, stand for the
 * parameters all at once; and an inline of a translated struct */
struct s {
	int s_x;
};

translator struct s < int T > {
	s_x = T * 2;
};

inline int sum[int x, int y] = x + y;
inline int tens[int x, int y] = 10 * x + y;
inline char low[int v] = v;
inline struct s tr = xlate < struct s > (21);
inline int dbl[int v] = (xlate < struct s > (v)).s_x;

BEGIN
{
	x = 1;
	y = 2;
	printf("%d %d %d %d %d %d\n", sum[10, 20], tens[y, x], tens[x, y], low[0x141], tr.s_x, dbl[4]);
	exit(0);
}
