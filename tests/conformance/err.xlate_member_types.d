struct in { int i; char c; };
struct out { int i; char *p; };
translator struct out < struct in *x >
{
	i = x->i;
	p = x->c;
};
BEGIN
{
	exit(0);
}
