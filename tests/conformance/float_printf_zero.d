/* Declared floating-point variables start at zero; printf's %e %E %f %g %G
 * print float, double and long double, %Le ... long double only. */
float f;
double d;
long double ld;
self double sd;

BEGIN
{
	printf("%e|%E|%f|%g|%G\n", f, f, f, f, f);
	printf("%e|%E|%f|%g|%G\n", d, d, d, d, d);
	printf("%e|%E|%f|%g|%G\n", ld, ld, ld, ld, ld);
	printf("%Le|%LE|%Lf|%Lg|%LG\n", ld, ld, ld, ld, ld);
	printf("%f\n", self->sd);
	exit(0);
}
