BEGIN
{
	@a = count();
	exit(0);
}

END
{
	printf("[");
	printa(@a);
	printf("]\n");
}
