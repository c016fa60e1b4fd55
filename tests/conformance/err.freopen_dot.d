/* freopen(".") is refused. */
BEGIN
{
	freopen(".");
}
