BEGIN
{
	printf("%d %d %d %d %d %d\n", 1 && 0, 1 || 0, 1 ^^ 1, 1 ^^ 0, !1, 2 && 3);
	exit(0);
}
