BEGIN
{
	printf("%d %d %d %d %d %d %d %d\n", sizeof(char), sizeof(short),
	    sizeof(int), sizeof(long), sizeof(long long), sizeof(uint8_t),
	    sizeof(int64_t), sizeof(unsigned short));
	exit(0);
}
