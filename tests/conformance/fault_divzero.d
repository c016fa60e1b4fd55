BEGIN
{
	z = 0;
}

BEGIN
{
	printf("lost\n");
	x = 10 / z;
	printf("also lost\n");
}

BEGIN
{
	printf("next clause\n");
	exit(0);
}

END
{
	printf("end\n");
}
