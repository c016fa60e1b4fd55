/* -C: a member a header's struct does not have */
#include <sys/stat.h>

BEGIN
{
	printf("%d\n", offsetof(struct stat, st_nosuch));
	exit(0);
}
