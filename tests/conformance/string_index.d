/* s[i] of a string is its char i, in every kind of variable; past the end
 * of the string it is 0. */
BEGIN
{
	g = "ABCDEFG";
	this->l = "abc";
	self->t = "xyz";
	a[1234] = "0123";
	printf("%d %c %c %c %c %d\n", g[1], g[6], this->l[2], self->t[0], a[1234][3], g[7]);
	printf("%c\n", (s = strjoin("hel", "lo"))[4]);
	exit(0);
}
