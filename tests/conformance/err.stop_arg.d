/* stop() takes no argument: checked before -w is asked for. */
BEGIN
{
	stop(1);
}
