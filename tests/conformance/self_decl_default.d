self int n;

BEGIN
{
	printf("%d ", self->n);
	self->n = 3;
	self->n += 2;
	printf("%d\n", self->n);
	exit(0);
}
