BEGIN
{
	n++;
	n++;
	m--;
	printf("%d %d %d\n", n, m, sizeof(n));
	exit(0);
}
