BEGIN
{
	p = 1; p -= alloca(10);
	exit(0);
}
