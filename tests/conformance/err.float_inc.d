float f;
double d;
int i;

BEGIN
{
	f++;
	exit(0);
}
