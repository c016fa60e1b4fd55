BEGIN
{
	p = alloca(10); trace((long)(p + 1));
	exit(0);
}
