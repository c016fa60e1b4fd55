/* inet_ntoa6()'s strict argument is a constant. */
BEGIN
{
	n = 0;
	this->b = (uint8_t *)alloca(16);
	trace(inet_ntoa6(this->b, n));
}
