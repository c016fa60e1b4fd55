/* link_ntop(): an Ethernet or InfiniBand address as hex bytes joined by ':'. */
uint8_t ib[20];

BEGIN
{
	this->mac = (uint64_t *)alloca(sizeof(uint64_t));
	*this->mac = htonll(0x020820ac040e << 16);
	printf("%s\n", link_ntop(ARPHRD_ETHER, this->mac));
	ib[0] = 0x80;
	ib[19] = 0xcd;
	printf("%s\n", link_ntop(ARPHRD_INFINIBAND, ib));
	exit(0);
}
