/* NULL strings (strchr() finding nothing) can be stored in any kind of
 * variable; NULL equals NULL and sorts before every string, "" included. */
BEGIN
{
	g = strchr("abc", 'z');
	this->l = strstr("abc", "z");
	self->t = g;
	a[1] = this->l;
	printf("%d %d %d %d\n", g == NULL, this->l == NULL, self->t == NULL, a[1] == NULL);
	e = "";
	printf("%d %d %d %d %d\n", g < e, e > g, g == e, g == this->l, g >= self->t);
	exit(0);
}
