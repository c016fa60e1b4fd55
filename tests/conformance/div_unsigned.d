BEGIN
{
	a = -7L;
	b = (unsigned long)2;
	printf("%d %d\n", a / b, a % b);
	exit(0);
}
