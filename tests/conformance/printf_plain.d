BEGIN
{
	printf("plain text\n");
	printf("no newline");
	printf(" - continued\n");
	exit(0);
}
