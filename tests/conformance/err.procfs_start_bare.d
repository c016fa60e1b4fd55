/* pr_start is a timestruc_t: only its members are values */
BEGIN
{
	trace(curpsinfo->pr_start);
}
