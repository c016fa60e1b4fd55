BEGIN
{
	avg(1);
	exit(0);
}
