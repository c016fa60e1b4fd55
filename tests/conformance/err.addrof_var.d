BEGIN
{
	x = 1; trace((long)&x);
	exit(0);
}
