/* -x define, undef and cpp are -D, -U and -C. */
BEGIN
{
#if defined(FOO) && !defined(__linux)
	printf("%d\n", FOO);
#endif
	exit(0);
}
