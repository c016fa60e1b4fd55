BEGIN
{
	exit(4);
}

BEGIN
{
	printf("not printed\n");
}

END
{
	printf("end\n");
}
