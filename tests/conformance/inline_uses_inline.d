inline int A = 5;
inline int B = A * A + 1;

BEGIN
{
	printf("%d\n", B);
	exit(0);
}
