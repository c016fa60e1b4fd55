/* Conditionals whose branches are both alloca() memory, or both not, may
 * be assigned; so may one used without being stored. */
BEGIN
{
	p = (char *)alloca(4);
	q = (char *)alloca(4);
	r = pid ? p : q + 1;
	s = pid ? (char *)0 : (char *)64;
	p[0] = 'a';
	printf("%d %d %c\n", (uint64_t)r, (uint64_t)s, *(pid ? p : (char *)64));
	exit(0);
}
