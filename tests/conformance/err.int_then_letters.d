int 0abc;
BEGIN
{
	exit(0);
}
