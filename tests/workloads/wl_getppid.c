/* Workload: makes exactly N getppid() system calls (default 100000, or
 * argv[1]). With WL_NS set, prints the loop's ns per call on stderr; with
 * WL_COMM set, renames itself to it first, so that a tracer keyed by
 * execname sees under that name the N calls, then the WL_NS line's write()
 * and exit_group() (make bench). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	const char *comm = getenv("WL_COMM");
	int ns = getenv("WL_NS") != NULL;
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
	return 0;
}
