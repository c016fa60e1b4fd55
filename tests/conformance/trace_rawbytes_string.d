#pragma D option rawbytes
#pragma D option strsize=6
BEGIN
{
	trace("abc");
	trace("abcdefghij");
	exit(0);
}
