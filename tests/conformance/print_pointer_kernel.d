/* print() of a pointer to a kernel struct (from BTF): members' types by
 * the names the kernel declares them with (atomic_t, u8, u16), and an
 * anonymous union or struct member shown as itself, its members inside. */
BEGIN
{
	l = (struct qspinlock *)alloca(sizeof (struct qspinlock));
	l->val.counter = 0x10001;
	print(l);
	exit(0);
}
