float f;
double d;
int i;

BEGIN
{
	x = sizeof (long float);
	exit(0);
}
