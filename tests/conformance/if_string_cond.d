BEGIN
{
	s = "abc";
	if (s == "abc")
		printf("eq\n");
	if (s != "abc")
		printf("ne\n");
	exit(0);
}
