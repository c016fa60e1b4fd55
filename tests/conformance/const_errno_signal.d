/* The inlines of DTrace's errno.d, signal.d and dtrace.d, with Linux's values. */
BEGIN
{
	printf("%d %d %d %d %d\n", EPERM, ENOENT, EAGAIN, ENOSYS, ETIMEDOUT);
	printf("%d %d %d %d %d\n", SIGHUP, SIGKILL, SIGSEGV, SIGCHLD, SIGSYS);
	printf("%d %d %d %d\n", DTRACEFLT_UNKNOWN, DTRACEFLT_BADADDR, DTRACEFLT_DIVZERO,
	    DTRACEFLT_LIBRARY);
	printf("%d %d %d %d\n", R_R1, R_EAX, R_EDI, R_EFL);
	exit(0);
}
