/* commit() may follow commit() in a clause */
#pragma D option nspec=2
BEGIN
{
	a = speculation();
	b = speculation();
}

BEGIN
{
	speculate(a);
	printf("a\n");
}

BEGIN
{
	speculate(b);
	printf("b\n");
}

BEGIN
{
	commit(b);
	commit(a);
}

BEGIN
{
	exit(0);
}
