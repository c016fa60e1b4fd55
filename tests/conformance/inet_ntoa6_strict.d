/* inet_ntoa6(addr [, strict]): IPv4-compatible and -mapped addresses print
 * as a.b.c.d unless strict is non-zero. */
BEGIN
{
	this->b = (uint8_t *)alloca(16);
	this->b[12] = 127;
	this->b[15] = 1;
	printf("%s %s %s\n", inet_ntoa6(this->b), inet_ntoa6(this->b, 0), inet_ntoa6(this->b, 1));
	this->b[10] = 0xff;
	this->b[11] = 0xff;
	printf("%s %s\n", inet_ntoa6(this->b), inet_ntoa6(this->b, 42));
	this->b[10] = 0;
	this->b[11] = 0;
	this->b[12] = 0;
	printf("%s\n", inet_ntoa6(this->b));
	exit(0);
}
