/* clause-local struct and array variables: declared, or by assigning a struct;
 * they live for one probe firing, across its clauses */
struct point { int x; int y; };
this struct point p;
this int v[3];

BEGIN
{
	this->p.x = 3;
	this->p.y = 4;
	this->v[2] = this->p.x * this->p.y;
	this->q = this->p;
	this->q.x++;
	printf("%d %d %d %d\n", this->p.x, this->q.x, this->q.y, this->v[2]);
}

BEGIN
{
	/* clause-local values last for the whole firing */
	printf("%d %d\n", this->q.x, this->v[2]);
	exit(0);
}
