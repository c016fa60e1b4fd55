float f;
double d;
int i;

BEGIN
{
	trace(stringof(d));
	exit(0);
}
