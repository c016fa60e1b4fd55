float f;
double d;
int i;

BEGIN
{
	x = f + 1;
	exit(0);
}
