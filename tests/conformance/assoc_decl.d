int counts[string, int];

BEGIN
{
	counts["x", 1]++;
	counts["x", 1]++;
	printf("%d %d\n", counts["x", 1], counts["x", 2]);
	exit(0);
}
