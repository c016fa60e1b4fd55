/* Floating-point values read from memory: printf converts a float as a
 * double, a long double with its own precision; widths, precisions and
 * flags as C has them, with DTrace's rule that a precision of 0 is none. */
struct vals {
	float f;
	double d;
	long double ld;
	float neg;
	double big;
};

BEGIN
{
	this->q = (uint64_t *)alloca(sizeof (struct vals));
	this->q[0] = 0x3fc00000;		/* f = 1.5 */
	this->q[1] = 0x400921fb54442d18;	/* d = pi */
	this->q[2] = 0xc90fdaa22168c235;	/* ld = pi, 64-bit mantissa */
	this->q[3] = 0x4000;
	this->q[4] = 0xc1200000;		/* neg = -10 */
	this->q[5] = 0x4415af1d78b58c40;	/* big = 1e20 */
	this->v = (struct vals *)this->q;

	printf("%f %e %E %g %G\n", this->v->f, this->v->f, this->v->f, this->v->f, this->v->f);
	printf("%f %e %g\n", this->v->neg, this->v->neg, this->v->neg);
	printf("[%10.3f][%-10.2e][%+G][% f][%#.0e][%#g]\n", this->v->d, this->v->d, this->v->d,
	    this->v->d, this->v->d, this->v->d);
	printf("[%010.4f][%.0f][%.f][%*.*f]\n", this->v->d, this->v->d, this->v->d, 9, 2, this->v->d);
	printf("%g %e %f\n", this->v->big, this->v->big, this->v->big);
	printf("%.18Lf %.10Le %Lg %f\n", this->v->ld, this->v->ld, this->v->ld, this->v->ld);
	printf("%d %d\n", this->v->d == this->v->d, this->v->f != this->v->f);
	printf("%f\n", this->v->d == this->v->d ? this->v->neg : this->v->f);
	exit(0);
}
