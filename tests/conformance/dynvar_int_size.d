/* dynvarsize counts a value in the bytes of its D type: three ints fit in
 * 13 bytes, and storing zero frees one for the fourth. */
#pragma D option dynvarsize=13

BEGIN
{
	self->a = 1;
	self->b = 2;
	self->c = 3;
	self->a = 0;
	self->d = 4;
	printf("%d %d %d %d\n", self->a, self->b, self->c, self->d);
	exit(0);
}
