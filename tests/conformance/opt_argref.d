/* -x argref: macro arguments may go unused. */
BEGIN
{
	printf("%s\n", $$1);
	exit(0);
}
