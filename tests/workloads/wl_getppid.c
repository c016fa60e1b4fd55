/* Workload: makes exactly N getppid() system calls (default 100000, or
 * argv[1]). With WL_NS set, prints the loop's ns per call on stderr
 * (make bench). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("WL_NS") && n > 0)
		fprintf(stderr, "%.1f\n", ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
					  (double)(t1.tv_nsec - t0.tv_nsec)) / (double)n);
	return 0;
}
