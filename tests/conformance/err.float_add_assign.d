float f;
double d;
int i;

BEGIN
{
	i += f;
	exit(0);
}
