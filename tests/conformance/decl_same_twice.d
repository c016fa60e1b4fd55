int x;
int x;
self int y[int];
self int y[int];

BEGIN
{
	x = 1;
	self->y[1] = 2;
	printf("%d %d\n", x, self->y[1]);
	exit(0);
}
