BEGIN
{
	x = 0;
}

BEGIN
/x == 0/
{
	printf("zero\n");
	x = 1;
}

BEGIN
/x == 0/
{
	printf("bad\n");
}

BEGIN
/x/
{
	printf("one\n");
	exit(0);
}
