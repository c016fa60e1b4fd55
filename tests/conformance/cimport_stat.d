/* -C: a system header's struct and typedefs, laid out as C lays them out
 * (x86-64 glibc): sizeof, offsetof, a member of a member, a typedef */
#include <sys/stat.h>
#include <time.h>

BEGIN
{
	printf("%d %d %d %d %d\n", sizeof(struct stat), offsetof(struct stat, st_size),
	    offsetof(struct stat, st_mtim), sizeof(struct timespec), sizeof(time_t));
	exit(0);
}
