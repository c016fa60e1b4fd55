/* an associative array used without [ ] */
BEGIN
{
	a[0] = 1;
	trace(sizeof(a));
	exit(0);
}
