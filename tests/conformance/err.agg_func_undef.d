BEGIN
{
	@ = nosuchfn();
	exit(0);
}
