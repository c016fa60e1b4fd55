/* stack(), ustack() and the symbol functions as statements are actions:
 * they record like trace( ), and print in "  %-50s" (the same quiet or not) */
BEGIN
{
	sym(0);
	printf("|\n");
	uaddr(0);
	printf("|\n");
	exit(0);
}
