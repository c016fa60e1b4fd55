/* String subroutines take a char * (or void *) that is not a D string: the
 * string at that address; (string) of a pointer reads one too, and bcopy()
 * copies from a string's bytes. */
BEGIN
{
	x = (char *)alloca(8);
	y = (char *)alloca(8);
	x[0] = 'a'; x[1] = '/'; x[2] = 'b'; x[3] = 0;
	y[0] = '/'; y[1] = 0;
	printf("%d %s %s %d %d\n", strlen(x), basename(x), dirname(x), index(x, y), rindex(x, "b"));
	printf("%s %s %s %s %s\n", strjoin(x, y), strstr(x, y), strchr(x, '/'), substr(x, 1), toupper(x));
	printf("%s|%s\n", strtok(x, y), strtok(NULL, y));
	v = alloca(10);
	bcopy(probename, v, 5);
	printf("%s %s\n", (string)v, stringof(v));
	exit(0);
}
