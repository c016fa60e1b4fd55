BEGIN
{
	self->spec = speculation();
	speculate(self->spec);
	printf("kept %d\n", 1);
}

BEGIN
{
	printf("before commit\n");
}

BEGIN
{
	commit(self->spec);
}

BEGIN
{
	d = speculation();
	speculate(d);
	printf("discarded\n");
}

BEGIN
{
	discard(d);
}

BEGIN
{
	exit(0);
}
