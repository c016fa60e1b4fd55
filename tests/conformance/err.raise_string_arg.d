/* raise() of a string: its prototype is checked before -w is asked for. */
BEGIN
{
	raise("x");
}
