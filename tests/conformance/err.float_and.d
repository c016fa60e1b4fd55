float f;
double d;
int i;

BEGIN
{
	x = f && i;
	exit(0);
}
