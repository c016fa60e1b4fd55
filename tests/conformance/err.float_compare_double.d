float f;
double d;
int i;

BEGIN
{
	x = f < d;
	exit(0);
}
