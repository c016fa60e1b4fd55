/* link_ntop() of an address type it does not know is an illegal operation. */
BEGIN
{
	this->mac = (uint64_t *)alloca(sizeof(uint64_t));
	printf("%s\n", link_ntop(-1, this->mac));
}

ERROR
{
	printf("fault %d\n", arg4 == DTRACEFLT_ILLOP);
	exit(0);
}
