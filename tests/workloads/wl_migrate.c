/* Workload: between runs of N getppid() calls (default 10000, or argv[1])
 * it renames itself on one CPU and moves to the other, so that a tracer
 * keyed by execname must order each CPU's events after a rename made on
 * the other: wlmigA runs on CPU 1, wlmigB on CPU 0, wlmigC on CPU 1. Each
 * name sees the sched_setaffinity() that moves it, its N calls and the
 * prctl() or exit_group() that ends it: syscall:::entry counts N+2 each. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void on_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	syscall(SYS_sched_setaffinity, 0, sizeof(set), &set);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	static const char *const names[] = { "wlmigA", "wlmigB", "wlmigC" };

	on_cpu(0);
	for (int i = 0; i < 3; i++) {
		syscall(SYS_prctl, PR_SET_NAME, names[i]);
		on_cpu(i % 2 ? 0 : 1);
		for (long k = 0; k < n; k++)
			syscall(SYS_getppid);
	}
	syscall(SYS_exit_group, 0);
	return 0;
}
