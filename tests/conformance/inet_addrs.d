/* inet_ntoa, inet_ntoa6 and inet_ntop of addresses in network byte order */
BEGIN
{
	this->a = (uint8_t *)alloca(4);
	this->a[0] = 192;
	this->a[1] = 168;
	this->a[3] = 7;
	this->b = (uint8_t *)alloca(16);
	this->b[0] = 0xfe;
	this->b[1] = 0x80;
	this->b[15] = 1;
	printf("%s %s\n", inet_ntoa((ipaddr_t *)this->a), inet_ntop(AF_INET, this->a));
	printf("%s %s\n", inet_ntoa6(this->b), inet_ntop(AF_INET6, this->b));
	exit(0);
}
