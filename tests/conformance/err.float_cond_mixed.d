float f;
double d;
int i;

BEGIN
{
	trace(i ? f : d);
	exit(0);
}
