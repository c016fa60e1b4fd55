/* s + n, n + s and s - n treat a string as a pointer to its bytes: the
 * string from byte n on, empty past its end. */
BEGIN
{
	g = "abcdef";
	this->t = "12";
	printf("[%s] [%s] [%s] [%s] [%s]\n", g + 1, 2 + g, (g + 4) + 1, this->t + 1, this->t + 5);
	exit(0);
}
