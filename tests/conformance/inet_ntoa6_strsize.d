/* An address longer than strsize is cut to strsize characters. */
#pragma D option strsize=10

BEGIN
{
	this->a = (uint8_t *)alloca(16);
	this->a[0] = 0xfe; this->a[1] = 0x80; this->a[2] = 0x70; this->a[3] = 0x60;
	this->a[4] = 0x50; this->a[15] = 1;
	printf("%s\n", inet_ntoa6(this->a));
	exit(0);
}
