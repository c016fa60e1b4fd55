this int v;

BEGIN
{
	this->v = 9;
	printf("%d %d\n", this->v, sizeof(this->v));
	exit(0);
}
