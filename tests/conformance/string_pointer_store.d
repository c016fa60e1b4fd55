/* *p = s through a string *: strsize bytes of s (zeros past its end) go to
 * memory, and *p reads the string back. */
#pragma D option strsize=8

BEGIN
{
	x = (string *)alloca(sizeof(string) + 1);
	*x = "abcdefghijk";
	y = (char *)x;
	printf("%s %d %d %d\n", *x, sizeof(string), y[3], y[8]);
	*x = "ab";
	printf("%s %d\n", *x, y[3]);
	exit(0);
}
