#pragma D attributes Evolving/Evolving/Common later
#pragma D binding "1.2" later
#pragma D attributes Stable provider dtrace provider
#pragma ident "x"
#pragma weak foo
inline int later = 7;
#pragma D attributes Stable/Stable/ISA g
int g;
BEGIN
{
	g = later;
	printf("%d\n", g);
	exit(0);
}
