/* curcpu's value is a kernel address */
BEGIN
{
	trace((int64_t)curcpu);
}
