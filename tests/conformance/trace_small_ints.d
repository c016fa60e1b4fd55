BEGIN
{
	trace((char)-2);
	trace(" ");
	trace((short)-1);
	trace(" ");
	trace((unsigned char)255);
	trace(" ");
	trace((unsigned short)65535);
	trace("\n");
	exit(0);
}
