BEGIN
{
	discard(1);
	printf("after discard\n");
	exit(0);
}
