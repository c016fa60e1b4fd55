/* p->m of a NULL p faults at address 0, not at the member's offset, as
 * Oracle DTrace checks p before it adds the offset (p->in.y too) */
struct inner { int x; int y; };
struct s { int a; struct inner in; };

BEGIN
{
	this->p = (struct s *)0;
	trace(this->p->in.y);
}

BEGIN
{
	trace(((struct s *)NULL)->in.x);
}

ERROR
{
	printf("kind %d at 0x%x\n", arg4, arg5);
}

BEGIN
{
	exit(0);
}
