BEGIN
{
	printf("%d %d %d %d %d %d\n", 3 == 3, 3 != 3, 2 < 3, 3 <= 3, 4 > 5, 5 >= 5);
	exit(0);
}
