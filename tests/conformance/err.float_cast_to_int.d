float f;
double d;
int i;

BEGIN
{
	x = (int)f;
	exit(0);
}
