BEGIN
{
	@ = stddev(10);
	@ = stddev(20);
	@ = stddev(30);
	@ = stddev(40);
	@ = stddev(50);
	exit(0);
}
