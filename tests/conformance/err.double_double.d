float f;
double d;
int i;

BEGIN
{
	x = (double double)0;
	exit(0);
}
