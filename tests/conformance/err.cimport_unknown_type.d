/* -C: a struct the headers do not declare is incomplete; the error names
 * the script's line, not a header's */
#include <sys/stat.h>

BEGIN
{
	printf("%d\n", sizeof(struct stat) + sizeof(struct nosuch));
	exit(0);
}
