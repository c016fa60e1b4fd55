/* print() shows a float or double as %+.7e, a long double as %+.16LE,
 * alone or as members of a struct. */
struct point {
	float x;
	double y;
	long double z;
};

long double zero;

BEGIN
{
	this->q = (uint64_t *)alloca(sizeof (struct point));
	this->q[0] = 0xbf400000;		/* x = -0.75 */
	this->q[1] = 0x4059000000000000;	/* y = 100 */
	this->q[2] = 0x8000000000000000;	/* z = 2 */
	this->q[3] = 0x4000;
	this->p = (struct point *)this->q;
	print(this->p->x);
	printf("\n");
	print(this->p->y);
	printf("\n");
	print(this->p->z);
	printf("\n");
	print(zero);
	printf("\n");
	print(*this->p);
	printf("\n");
	exit(0);
}
