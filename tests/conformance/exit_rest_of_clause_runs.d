BEGIN
{
	printf("a\n");
	exit(0);
	printf("b\n");
}

BEGIN
{
	printf("c\n");
}

END
{
	printf("end\n");
}
