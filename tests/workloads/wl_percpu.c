/* Workload: one child per CPU (default 2), each pinned to its CPU, each
 * making N getppid() calls (default 200000) at the same time. With WL_NS
 * set, each child prints its loop's ns per call on stderr; with WL_COMM
 * set, each child renames itself to it before its loop, so that a tracer
 * keyed by execname sees under that name, per child, the N calls, the
 * WL_NS line's write() if any and exit_group() (make bench). */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "wl_getppid_loop.h"

static void child(long n, int cpu, const char *comm, int ns)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	getppid_loop(n, comm, ns);
	_exit(0);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	int cpus = argc > 2 ? atoi(argv[2]) : 2;
	const char *comm = getenv("WL_COMM");
	int ns = getenv("WL_NS") != NULL;

	for (int c = 0; c < cpus; c++)
		if (fork() == 0)
			child(n, c, comm, ns);
	while (wait(NULL) > 0)
		;
	return 0;
}
