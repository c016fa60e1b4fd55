float f;
double d;
int i;

BEGIN
{
	x = d % 2;
	exit(0);
}
