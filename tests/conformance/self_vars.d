BEGIN
{
	self->x = 5;
	self->s = "hi";
}

BEGIN
{
	printf("%d %s\n", self->x, self->s);
	exit(0);
}
