BEGIN
{
	trace(this->q);
}

BEGIN
{
	exit(0);
}
