BEGIN
{
	z = 0;
	n = 0;
}

BEGIN
{
	n++;
	x = 1 / z;
}

BEGIN
{
	n++;
	x = 1 / z;
}

BEGIN
{
	printf("%d\n", n);
	exit(0);
}
