/* A string assigned to a char * points at a copy of its bytes, which the
 * clause can read through the pointer. */
char *s;

BEGIN
{
	s = probeprov;
	this->p = (char *)alloca(1);
	this->p = "xyz";
	printf("%c%c %c %s %d\n", s[0], s[5], this->p[2], stringof(s), strlen(this->p));
	exit(0);
}
