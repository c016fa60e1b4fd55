BEGIN
{
	printf("%s %s %s %d\n", lltostr(123), lltostr(-45), lltostr(0),
	    strlen(lltostr(1234567890123)));
	exit(0);
}
