/* -C: float, double and long double members of a C header keep their types
 * and C's layout; values read from memory print with %f and %Lf */
#include "cimport_fp.h"

BEGIN
{
	printf("%d %d %d %d %d %d\n", sizeof (struct sample), offsetof(struct sample, ratio),
	    offsetof(struct sample, mean), offsetof(struct sample, total),
	    offsetof(struct sample, count), sizeof (weight_t));
	this->q = (uint64_t *)alloca(sizeof (struct sample));
	this->q[0] = 0x3f00000000000000;	/* ratio = 0.5 */
	this->q[1] = 0x4004000000000000;	/* mean = 2.5 */
	this->q[2] = 0xa000000000000000;	/* total = 10 */
	this->q[3] = 0x4002;
	this->s = (struct sample *)this->q;
	printf("%f %f %Lf\n", this->s->ratio, this->s->mean, this->s->total);
	exit(0);
}
