/* Destructive actions may not follow speculate() (checked before the
 * action's own availability). */
BEGIN
{
	speculate(speculation());
	raise(9);
}
