/* tracemem(): DTrace's hex and character dump; the optional third argument
 * shortens it */
BEGIN
{
	this->p = (char *)alloca(20);
	this->p[0] = 'h';
	this->p[1] = 'i';
	this->p[2] = '\n';
	this->p[19] = 127;
	tracemem(this->p, 20);
	tracemem(this->p, 20, 2);
	exit(0);
}
