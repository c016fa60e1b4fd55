BEGIN
{
	printf("");
}

BEGIN
{
	exit(0);
}
