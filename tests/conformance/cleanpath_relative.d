/* cleanpath() of relative paths: "." components go, ".." above the start
 * stays, x/.. cancels, and what is left of a relative path is at least ".". */
BEGIN
{
	printf("[%s] [%s] [%s] [%s]\n", cleanpath("./a"), cleanpath("././a"), cleanpath("../.."),
	    cleanpath("a/.."));
	printf("[%s] [%s] [%s] [%s]\n", cleanpath("a/../.."), cleanpath(""), cleanpath("/a/../.."),
	    cleanpath("../a/../b/./"));
	exit(0);
}
