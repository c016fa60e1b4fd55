/* print() of a pointer to a struct of no size is an error. */
struct empty { };

BEGIN
{
	print((struct empty *)alloca(8));
}
