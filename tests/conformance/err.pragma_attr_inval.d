inline int x = 1;
#pragma D attributes Steady/Stable/Common x
BEGIN
{
	exit(0);
}
