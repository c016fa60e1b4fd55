BEGIN
{
	this->t = curthread;
	this->t = pid;
	exit(0);
}
