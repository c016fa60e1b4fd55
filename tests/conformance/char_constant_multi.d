BEGIN
{
	printf("%d %x\n", 'ab', 'abc');
	exit(0);
}
