float f;
double d;
int i;

BEGIN
{
	printf("%e", i);
	exit(0);
}
