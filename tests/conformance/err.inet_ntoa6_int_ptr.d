/* inet_ntoa6() takes an in6_addr_t * (or bytes), not an int *. */
int *p;

BEGIN
{
	trace(inet_ntoa6(p));
}
