float f;
double d;
int i;

BEGIN
{
	x = (double)i;
	exit(0);
}
