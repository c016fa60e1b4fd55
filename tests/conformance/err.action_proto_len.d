BEGIN
{
	x = 1 ? printf("a") : trace();
	exit(0);
}
