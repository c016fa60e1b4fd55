BEGIN
{
	x = (int *)0;
	x = 3;
	exit(0);
}
