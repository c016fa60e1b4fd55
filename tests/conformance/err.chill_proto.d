/* Kernel-only subroutines keep DTrace's prototypes: argument counts are checked. */
BEGIN
{
	chill(1, 2);
}
