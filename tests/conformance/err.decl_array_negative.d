int a[-7];
BEGIN
{
	exit(0);
}
