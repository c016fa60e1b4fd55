BEGIN
{
	self->x = 3;
	self->x = (char *)0;
	exit(0);
}
