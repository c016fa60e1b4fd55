/* An action may not be an operand of the comma operator. */
BEGIN
{
	x = 1, trace(x);
}
