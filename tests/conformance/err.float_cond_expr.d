float f;
double d;
int i;

BEGIN
{
	x = f ? 1 : 2;
	exit(0);
}
