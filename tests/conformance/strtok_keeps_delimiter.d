/* The delimiter that ends a token is not consumed: the next strtok(NULL, d)
 * starts on it, and skips it only if it is one of the new delimiters. */
BEGIN
{
	printf("%s ", strtok("abcXdefYghi", "X"));
	printf("%s ", strtok(NULL, "Y"));
	printf("%s ", strtok(NULL, "X"));
	printf("%s\n", strtok(NULL, "X") == NULL ? "NULL" : "more");
	exit(0);
}
