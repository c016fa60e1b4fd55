BEGIN
{
	this->a = 3;
	this->b = this->a * 2;
	this->s = strjoin("t", "his");
	printf("%d %s\n", this->b, this->s);
	exit(0);
}
