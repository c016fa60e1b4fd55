BEGIN
{
	x = 'abcdefghi';
}

BEGIN
{
	exit(0);
}
