/* long double variables (global, thread-local, clause-local) are kept in
 * memory and start at zero */
long double g;
self long double s;
this long double t;

BEGIN
{
	printf("%Lf %Le %Lg\n", g, self->s, this->t);
	exit(0);
}
