BEGIN
{
	trace(args["a"]);
	exit(0);
}
