BEGIN
{
	@ = avg("");
	exit(0);
}
