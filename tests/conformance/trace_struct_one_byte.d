struct one { char c; } o;
BEGIN
{
	o.c = 'Z';
	trace(o);
	exit(0);
}
