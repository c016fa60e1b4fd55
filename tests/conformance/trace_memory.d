/* trace() of a struct or array records its bytes: printed as a string when
 * they read as one (printable characters, then NULs), else as a hex dump */
struct s { char name[8]; int v; };
struct s g;
char buf[6];
BEGIN
{
	g.name[0] = 'a'; g.v = 1;
	buf[0] = 'h'; buf[1] = 'i';
	trace(buf);
	printf("|\n");
	trace(g);
	printf("|\n");
	trace(g.name);
	printf("|\n");
	exit(0);
}
