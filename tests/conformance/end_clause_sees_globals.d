BEGIN
{
	total = 40;
	exit(0);
}

END
{
	total += 2;
	printf("total %d\n", total);
}

END
{
	printf("second end\n");
}
