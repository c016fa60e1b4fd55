#pragma D option aggsortkey
BEGIN
{
	@["b"] = sum(1);
	@["c"] = sum(2);
	@["a"] = sum(3);
	exit(0);
}
