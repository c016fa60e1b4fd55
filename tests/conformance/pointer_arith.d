/* pointers into alloca() memory: indexing, arithmetic scaled by the
 * pointed-to size, differences counted in elements, *p */
BEGIN
{
	this->p = (int *)alloca(4 * sizeof(int));
	this->p[0] = 10;
	this->p[1] = 20;
	*(this->p + 2) = 30;
	this->q = this->p + 3;
	*this->q = this->p[2] + 1;
	printf("%d %d %d %d\n", this->p[0], *(this->p + 1), this->p[2], this->p[3]);
	printf("%d %d\n", this->q - this->p, (char *)this->q - (char *)this->p);
	this->c = (char *)this->p;
	printf("%d\n", this->c[4]);
	exit(0);
}
