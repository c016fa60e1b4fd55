BEGIN
{
	printf("[%-05d][%-08.3d]\n", 42, 7);
	exit(0);
}
