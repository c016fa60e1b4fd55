BEGIN
{
	x = 42;
}

BEGIN
{
	x++;
}

END
{
	printf("%d\n", x);
}

BEGIN
{
	exit(0);
}
