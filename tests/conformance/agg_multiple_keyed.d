BEGIN
{
	@b["k"] = sum(2);
	@a["k"] = count();
	@b["j"] = sum(1);
	exit(0);
}
