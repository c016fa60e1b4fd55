BEGIN
{
	printf("[%.0d][%.0s][%.0d]\n", 0, "abc", 5);
	exit(0);
}
