BEGIN
{
	p -= 1;
	exit(0);
}
