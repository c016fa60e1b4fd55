ERROR
{
	printf("error fired\n");
}

BEGIN
{
	z = 0;
	printf("lost\n");
	x = 1 / z;
}

BEGIN
{
	printf("next\n");
	exit(0);
}
