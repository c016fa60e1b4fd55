int a[5];

BEGIN
{
	trace((long)&a);
	exit(0);
}
