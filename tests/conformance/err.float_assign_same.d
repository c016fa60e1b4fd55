float f;
double d;
int i;

BEGIN
{
	x = d;
	exit(0);
}
