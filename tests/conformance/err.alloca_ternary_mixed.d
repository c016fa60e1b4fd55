/* A conditional of alloca() memory and another pointer cannot go into a
 * variable (it would not know which kind of address it holds). */
BEGIN
{
	p = (char *)alloca(4);
	q = pid ? (char *)64 : p;
}
