int y;
string s;
int64_t big;

BEGIN
{
	printf("%d [%s] %d\n", y, s, big);
	exit(0);
}
