BEGIN
{
	trace(self->nope);
}

BEGIN
{
	exit(0);
}
