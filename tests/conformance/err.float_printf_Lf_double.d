float f;
double d;
int i;

BEGIN
{
	printf("%Lf", d);
	exit(0);
}
