/* bcopy() between scratch buffers; a struct assigned as a whole */
struct r { int a; char s[4]; };
struct r x, y;

BEGIN
{
	this->src = (char *)alloca(4);
	this->dst = (char *)alloca(4);
	this->src[0] = 'o';
	this->src[1] = 'k';
	bcopy(this->src, this->dst, 3);
	x.a = 9;
	x.s[0] = 'x';
	y = x;
	printf("%s %d %s\n", stringof(this->dst), y.a, y.s);
	exit(0);
}
