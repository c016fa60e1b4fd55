/* A global or clause-local string assigned NULL compares equal to NULL,
 * and below the empty string. */
BEGIN
{
	s = "abc";
	this->t = "def";
	s = NULL;
	this->t = NULL;
	printf("%d %d %d %d\n", s == NULL, this->t == NULL, s < "", s == this->t);
	exit(0);
}
