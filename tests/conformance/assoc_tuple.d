BEGIN
{
	b[1, "a"] = 5;
	b[1, "b"] = 6;
	b[2, "a"] = 7;
	printf("%d %d %d %d\n", b[1, "a"], b[1, "b"], b[2, "a"], b[2, "b"]);
	exit(0);
}
