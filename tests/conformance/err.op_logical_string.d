BEGIN
{
	x = "a" && "b";
	exit(0);
}
