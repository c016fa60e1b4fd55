/* Workload: spins on the CPU for argv[1] milliseconds (default 2000) in a
 * function of its own, built without frame pointers by the test rule. */
#include <stdlib.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

__attribute__((noinline)) static unsigned long spin_here(double until)
{
	unsigned long n = 0;
	while (now_ms() < until)
		for (int i = 0; i < 10000; i++)
			n += (unsigned long)i * 2654435761u;
	return n;
}

int main(int argc, char **argv)
{
	double ms = argc > 1 ? atof(argv[1]) : 2000;
	return spin_here(now_ms() + ms) == 42;
}
