/* freopen(path) sends output to a file, freopen("") back to stdout. */
BEGIN
{
	freopen("/dev/null");
	printf("hidden\n");
	freopen("");
	printf("shown\n");
	exit(0);
}
