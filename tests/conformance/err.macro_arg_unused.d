/* A macro argument the program does not use is an error (D_MACRO_UNUSED). */
BEGIN
{
	exit(0);
}
