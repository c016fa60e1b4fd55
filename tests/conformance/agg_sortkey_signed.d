#pragma D option aggsortkey
BEGIN
{
	@[2] = sum(20);
	@[-1] = sum(-10);
	@[1] = sum(10);
	exit(0);
}
