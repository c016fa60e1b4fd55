float f;
double d;
int i;

BEGIN
{
	x = !f;
	exit(0);
}
