BEGIN
{
	self->v = "s";
	self->v = 2;
}

BEGIN
{
	exit(0);
}
