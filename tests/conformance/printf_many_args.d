BEGIN
{
	a["k"] = 5;
	x = 3;
	printf("%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %s %d\n",
	    1, 2, x, 4, a["k"], 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, x + 13,
	    strlen("abc") + 14, "s", 19);
	exit(0);
}
