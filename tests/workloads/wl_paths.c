/* Workload: argv[1] (default 1000) openat() calls as fast as it can, each
 * of the path /nonexistent/N (N counting from 0) written into the same
 * buffer: copyinstr(arg1) must give every call its own N, in order. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char path[64];
	int n = argc > 1 ? atoi(argv[1]) : 1000;

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/nonexistent/%d", i);
		syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	}
	return 0;
}
