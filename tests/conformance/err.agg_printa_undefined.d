END
{
	printa(@nope);
}

BEGIN
{
	exit(0);
}
