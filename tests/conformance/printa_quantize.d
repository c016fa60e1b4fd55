BEGIN
{
	@q = quantize(3);
	exit(0);
}

END
{
	printf("before");
	printa(@q);
	printf("after\n");
}
