float f;
double d;
int i;

BEGIN
{
	x = (unsigned float)0;
	exit(0);
}
