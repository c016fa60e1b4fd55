float f;
double d;
int i;

BEGIN
{
	x = d == 0;
	exit(0);
}
