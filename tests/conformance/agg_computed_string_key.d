BEGIN
{
	@[strjoin("a", "b")] = count();
	@[substr("xyz", 1)] = count();
	@[substr("xyz", 1)] = count();
	exit(0);
}
