/* pr_nice: DTrace's translator on Linux does not define it */
BEGIN
{
	trace(curlwpsinfo->pr_nice);
}
