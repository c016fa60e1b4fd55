/* Options that act before the program is read (cpp, libraries) cannot be
 * set from it. */
#pragma D option define=FOO=1

BEGIN
{
	exit(0);
}
