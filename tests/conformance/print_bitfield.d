/* print() of a struct with bit-fields: each field's own bits, signed ones
 * sign-extended; an unnamed one (padding) is not shown */
struct r { int a : 3; unsigned b : 5; int : 4; char c; } v;

BEGIN
{
	v.a = -2;
	v.b = 17;
	v.c = 'x';
	print(v);
	exit(0);
}
