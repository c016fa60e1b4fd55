/* Workload: openat() of a path whose page is unmapped when the call is
 * made, then the same page mapped again holding another path, kept for
 * half a second. copyinstr(arg1) at the event must fail ("invalid
 * address"), never show the string that came later. */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || munmap(p, 4096) != 0)
		return 1;
	syscall(SYS_openat, AT_FDCWD, p, O_RDONLY); /* fails with EFAULT */
	if (mmap(p, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != p)
		return 1;
	strcpy(p, "/mapped/later");
	usleep(500000);
	return 0;
}
