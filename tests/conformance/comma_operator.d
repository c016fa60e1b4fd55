/* The comma operator: the left operand is evaluated for its effects, the
 * value is the right one's (with its type); it chains left to right, in
 * statements, predicates and parentheses. */
BEGIN
{
	a = 1, b = a + 1, c = b * 10;
	printf("%d %d %d\n", a, b, c);
	s = (a++, "after");
	printf("%s %d\n", s, a);
	printf("%d\n", (a = 5, a + 1, a + 2));
}

BEGIN
/a = 7, a > 6/
{
	printf("pred %d\n", a);
	exit(0);
}
