float f;
double d;
int i;

BEGIN
{
	x = (double)f;
	exit(0);
}
