/* A global or clause-local string assigned NULL compares equal to NULL. */
BEGIN
{
	s = "abc";
	this->t = "def";
	s = NULL;
	this->t = NULL;
	printf("%d %d [%s]\n", s == NULL, this->t == NULL, s);
	exit(0);
}
