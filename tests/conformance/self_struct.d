/* thread-local struct and array variables: declared, or made by assigning
 * a struct; they live in the thread's dynamic variable space */
struct point { int x; int y; };
self struct point p;

BEGIN
{
	self->p.x = 3;
	self->p.y = 4;
	self->q = self->p;
	self->q.x += 10;
	printf("%d %d %d\n", self->p.x, self->q.x, self->q.y);
}

BEGIN
{
	/* thread-local values last across firings of the same thread */
	printf("%d %d\n", self->p.y * 2, sizeof(self->q));
	exit(0);
}
