/* Workload: one child per CPU (default 2), each pinned to its CPU, each
 * making N getppid() calls (default 200000) at the same time. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	int cpus = argc > 2 ? atoi(argv[2]) : 2;

	for (int c = 0; c < cpus; c++) {
		if (fork() == 0) {
			cpu_set_t set;
			CPU_ZERO(&set);
			CPU_SET(c, &set);
			sched_setaffinity(0, sizeof(set), &set);
			for (long i = 0; i < n; i++)
				syscall(SYS_getppid);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	return 0;
}
