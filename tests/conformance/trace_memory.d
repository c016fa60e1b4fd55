/* trace() of a struct or array records its bytes, printed as a hex dump
 * even when they read as a string (Oracle DTrace: dtrace-utils
 * actions/trace/tst.array.r dumps a char [16] holding "dtrace") */
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
