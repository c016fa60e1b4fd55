/* The inlines of DTrace's io.d (every b_flags bit) and net.d. */
BEGIN
{
	printf("%x %x %x %x\n", B_BUSY, B_DONE, B_ERROR, B_PAGEIO);
	printf("%x %x %x %x\n", B_PHYS, B_READ, B_WRITE, B_ASYNC);
	printf("%d %d %d %d\n", AF_INET, AF_INET6, ARPHRD_ETHER, ARPHRD_INFINIBAND);
	exit(0);
}
