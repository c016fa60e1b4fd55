#pragma D binding "1.x" y
inline int y = 2;
BEGIN
{
	exit(0);
}
