BEGIN
{
	z = 0;
}

BEGIN
{
	printf("lost\n");
	x = 10 % z;
}

BEGIN
{
	printf("ok\n");
	exit(0);
}
