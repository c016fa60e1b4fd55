BEGIN
{
	x = 6;
	trace(x * 7);
	trace(",");
	trace(strjoin("a", "b"));
	trace(",");
	trace(x > 5);
	trace("\n");
	exit(0);
}
