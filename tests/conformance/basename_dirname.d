BEGIN
{
	printf("%s %s %s %s\n", basename("/usr/lib/libc.so"),
	    dirname("/usr/lib/libc.so"), basename("/usr/lib/"), dirname("/usr/lib/"));
	exit(0);
}
