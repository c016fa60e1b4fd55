BEGIN
{
	this->a[1] = 2;
}

BEGIN
{
	exit(0);
}
