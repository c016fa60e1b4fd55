BEGIN
{
	printf("%d %d %d %d %d %d\n", sizeof(1), sizeof(1L), sizeof(1U),
	    sizeof(1UL), sizeof(1LL), sizeof(1ull));
	exit(0);
}
