BEGIN
{
	@s[ustack()] = count();
	printa("%p\n", @s);
}
