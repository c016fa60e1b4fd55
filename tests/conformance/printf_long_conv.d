BEGIN
{
	printf("%ld %lu %lx %lld %llu\n", -5L, 5UL, 255L, -6LL, 6ULL);
	exit(0);
}
