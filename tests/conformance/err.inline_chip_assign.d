/* chip is an inline, not a variable */
BEGIN
{
	chip = 1;
}
