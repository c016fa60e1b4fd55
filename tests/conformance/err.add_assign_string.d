BEGIN
{
	s = "a";
	s += 1;
}

BEGIN
{
	exit(0);
}
