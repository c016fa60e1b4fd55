/* Workload: wl_pingpong N: two threads on the last CPU pass a byte back
 * and forth N times through two pipes, as wlp_a and wlp_b: every write
 * wakes the other thread and every read blocks, some 100,000 context
 * switches a second here. Each then renames itself wlp_end, whose calls
 * (the join, the exits) vary from run to run: a tracer keyed by execname
 * sees exactly 2N + 1 system calls under each of the two names (the
 * reads, the writes and the rename). One that counts a busy CPU whole
 * and splits its count at each context switch (runtime/promote.c) must
 * still give each name its own calls, however fast the switches come. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

static int to_b[2], to_a[2];
static long n;

static void *b_side(void *arg)
{
	char c;

	(void)arg;
	prctl(PR_SET_NAME, "wlp_b");
	for (long i = 0; i < n; i++)
		if (read(to_b[0], &c, 1) != 1 || write(to_a[1], &c, 1) != 1)
			break;
	prctl(PR_SET_NAME, "wlp_end");
	return NULL;
}

int main(int argc, char **argv)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;
	pthread_t t;
	char c = 'x';

	n = argc > 1 ? atol(argv[1]) : 100000;
	CPU_ZERO(&set);
	CPU_SET(ncpu > 1 ? ncpu - 1 : 0, &set);
	sched_setaffinity(0, sizeof(set), &set); /* its thread inherits it */
	if (pipe(to_b) < 0 || pipe(to_a) < 0 || pthread_create(&t, NULL, b_side, NULL) != 0)
		return 1;
	prctl(PR_SET_NAME, "wlp_a");
	for (long i = 0; i < n; i++)
		if (write(to_b[1], &c, 1) != 1 || read(to_a[0], &c, 1) != 1)
			break;
	prctl(PR_SET_NAME, "wlp_end");
	pthread_join(t, NULL);
	return 0;
}
