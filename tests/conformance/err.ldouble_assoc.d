long double a[int];

BEGIN
{
	exit(0);
}
