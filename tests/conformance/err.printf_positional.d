BEGIN
{
	printf("%%%2$d\n", 1, 2);
}
