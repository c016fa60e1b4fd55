BEGIN
{
	printf("begin\n");
	@c = count();
	exit(0);
}

END
{
	printf("end\n");
}
