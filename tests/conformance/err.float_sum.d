float f;
double d;
int i;

BEGIN
{
	@ = sum(d);
	exit(0);
}
