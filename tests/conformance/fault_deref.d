/* a load from an address outside checked memory faults like DTrace and the
 * clause's earlier output is discarded; ERROR gets the probe ID, clause index (Oracle DTrace's), fault code (DTRACEFLT_BADADDR) and address in arg1..arg5 */
BEGIN
{
	printf("lost\n");
	this->p = (int *)64;
	trace(*this->p);
}

ERROR
{
	printf("fault id %d clause %d kind %d at 0x%x\n", arg1, arg2, arg4, arg5);
}

BEGIN
{
	exit(0);
}
