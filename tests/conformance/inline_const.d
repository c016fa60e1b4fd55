inline int FOO = 3 + 4;
inline string NAME = "bob";

BEGIN
{
	printf("%d %s %d\n", FOO * 2, NAME, sizeof(FOO));
	exit(0);
}
