/* self->s = 0 frees a thread-local struct: the element's space holds
 * another (dynvarsize 8 has room for two int structs). */
#pragma D option dynvarsize=8

this struct { int a; } v;

BEGIN
{
	this->v.a = 1;
	self->p = this->v;
	this->v.a = 2;
	self->q = this->v;
	self->p = 0;
	this->v.a = 3;
	self->r = this->v;
	printf("%d %d\n", self->q.a, self->r.a);
	exit(0);
}
