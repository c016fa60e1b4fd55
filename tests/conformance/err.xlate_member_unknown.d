struct in { int i; };
struct out { int i; };
translator struct out < struct in *x >
{
	i = x->nosuch;
};
BEGIN
{
	exit(0);
}
