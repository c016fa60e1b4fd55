BEGIN
{
	@c[(char)-1] = sum(1);
	@s[(short)-2] = sum(2);
	@i[-3] = sum(3);
	exit(0);
}
