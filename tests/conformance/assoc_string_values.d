BEGIN
{
	names[1] = "one";
	names[2] = strjoin("tw", "o");
	printf("%s %s\n", names[1], names[2]);
	exit(0);
}
