BEGIN
{
	a[strjoin("a", "b")] = 3;
	k = "a";
	a[strjoin(k, "c")] = 4;
	printf("%d %d\n", a["ab"], a["ac"]);
	exit(0);
}
