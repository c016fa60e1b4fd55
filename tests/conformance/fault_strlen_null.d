/* strlen(0): the string at address 0 is an invalid address when it runs. */
BEGIN
{
	strlen(0);
}

ERROR
{
	printf("fault kind %d at %d\n", arg4, arg5);
	exit(0);
}
