/* a comment before the clause */
BEGIN /* between */
{
	/* inside */
	x = 1; /* trailing */
	printf("%d\n", x /* in an expression */ + 1);
	exit(0);
}
