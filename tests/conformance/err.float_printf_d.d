float f;
double d;
int i;

BEGIN
{
	printf("%d", f);
	exit(0);
}
