BEGIN
{
	@s[stack()] = count();
	printa("<%k>\n", @s);
	printa("<%-20k>\n", @s);
	printa("<%40k>\n", @s);
	exit(0);
}
