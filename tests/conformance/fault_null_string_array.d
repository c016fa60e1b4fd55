BEGIN
{
	names[1] = "one";
}

BEGIN
{
	printf("%s\n", names[1]);
	printf("%s\n", names[2]);
}

BEGIN
{
	printf("done\n");
	exit(0);
}
