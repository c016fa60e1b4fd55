/* Workload: wl_gens N: on the last CPU, makes N getppid() calls as
 * wlg_a1, then a thread of it N as wlg_b, then, that thread gone, it
 * renames itself wlg_a2 and makes N more. A tracer that counts its busiest
 * thread in the kernel counts the first thread, then the second in a newer
 * generation (runtime/promote.c), and must still split the first thread's
 * count at its rename. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static long n;

static void calls(const char *name)
{
	prctl(PR_SET_NAME, name);
	for (long k = 0; k < n; k++)
		syscall(SYS_getppid);
}

static void *second(void *arg)
{
	(void)arg;
	calls("wlg_b");
	return NULL;
}

int main(int argc, char **argv)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;
	pthread_t t;

	n = argc > 1 ? atol(argv[1]) : 100000;
	CPU_ZERO(&set);
	CPU_SET(ncpu > 1 ? ncpu - 1 : 0, &set);
	sched_setaffinity(0, sizeof(set), &set); /* its thread inherits it */
	calls("wlg_a1");
	if (pthread_create(&t, NULL, second, NULL) == 0)
		pthread_join(t, NULL);
	calls("wlg_a2");
	syscall(SYS_exit_group, 0);
	return 1;
}
