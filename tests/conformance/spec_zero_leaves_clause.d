#pragma D option quiet
BEGIN
{
	x = 1;
	speculate(0);
	x = 2;
}

BEGIN
{
	printf("%d\n", x);
	exit(0);
}
