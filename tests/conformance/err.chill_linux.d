/* A kernel-only subroutine with the right arguments is refused on Linux. */
BEGIN
{
	chill(10);
}
