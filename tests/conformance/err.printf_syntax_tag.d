BEGIN
{
	printf("%y\n", 1);
}
