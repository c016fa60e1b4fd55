/* Workload for the pid provider: calls work(i) for i = 1..N (default 10000,
 * or argv[1]) from main, built -O2 without frame pointers; work returns
 * i * 2, and a few other functions give the probes something to tell
 * apart: many_args() takes eight arguments (two on the stack), offsets()
 * has more than one return site. With a second argument M, sleeps M ms
 * between calls (a process to grab with -p). Prints nothing, unless
 * WL_NS is set: then the loop's ns per call on stderr (make bench). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define WL_FN __attribute__((noipa, optimize("omit-frame-pointer")))

WL_FN int work(int i)
{
	__asm__ volatile("" ::: "memory");
	return i * 2;
}

WL_FN long many_args(long a, long b, long c, long d, long e, long f, long g, long h)
{
	return a + b + c + d + e + f + g + h;
}

WL_FN int two_returns(int x)
{
	if (x & 1)
		return x + 100;
	__asm__ volatile("" ::: "memory");
	return x * 3;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000, ms = argc > 2 ? atoi(argv[2]) : 0;
	volatile long s = 0;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 1; i <= n; i++) {
		s += work(i);
		if (ms)
			usleep((useconds_t)ms * 1000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("WL_NS") && n > 0)
		fprintf(stderr, "%.1f\n", ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
					  (double)(t1.tv_nsec - t0.tv_nsec)) / n);
	s += many_args(1, 2, 3, 4, 5, 6, 7, 8);
	s += two_returns(1) + two_returns(2);
	return s == 0;
}
