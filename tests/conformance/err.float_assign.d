float f;
double d;
int i;

BEGIN
{
	f = 0;
	exit(0);
}
