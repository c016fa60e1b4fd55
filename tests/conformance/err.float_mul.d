float f;
double d;
int i;

BEGIN
{
	x = d * d;
	exit(0);
}
