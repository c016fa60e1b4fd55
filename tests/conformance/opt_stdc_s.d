/* -x stdc=s is K&R C: a traditional cpp, __STDC__ undefined. */
BEGIN
{
#ifdef __STDC__
	printf("stdc\n");
#else
	printf("k&r\n");
#endif
	exit(0);
}
