inline int A = 1;
inline int A = 2;

BEGIN
{
	exit(0);
}
