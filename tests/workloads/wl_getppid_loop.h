/* The timed getppid() loop of wl_getppid and wl_percpu: renames the caller
 * to comm first (if set, so that a tracer keyed by execname sees the calls
 * under it), makes n calls, and with ns set prints the loop's ns per call
 * on stderr (make bench). */
#ifndef WL_GETPPID_LOOP_H
#define WL_GETPPID_LOOP_H

#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void getppid_loop(long n, const char *comm, int ns)
{
	struct timespec t0, t1;

	if (comm)
		prctl(PR_SET_NAME, comm);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (ns && n > 0)
		fprintf(stderr, "%.1f\n", ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
					  (double)(t1.tv_nsec - t0.tv_nsec)) / (double)n);
}

#endif
