BEGIN
{
	printf("[%.3d][%8.3d][%.3s][%-8.3s][%8s]\n", 7, 7, "abcdef", "abcdef", "ab");
	exit(0);
}
