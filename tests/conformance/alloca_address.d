/* alloca() memory has DTrace's scratch addresses: a clause's first
 * allocation is at 8 (0 stands for NULL), the next 8-aligned after it. */
BEGIN
{
	a = (char *)alloca(3);
	b = (char *)alloca(1);
	c = alloca(0);
	b[0] = 'x';
	printf("%d %d %d %c\n", (uint64_t)a, (uint64_t)b, (uint64_t)c, b[0]);
}

BEGIN
{
	printf("%d\n", (uint64_t)alloca(1));
	exit(0);
}
