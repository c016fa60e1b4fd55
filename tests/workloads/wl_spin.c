/* Workload: spins on the CPU for argv[1] milliseconds (default 2000) in a
 * function of its own (built -O2: no frame pointers), in argv[2] processes
 * at once (default 1). */
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
	double ms = argc > 1 ? atof(argv[1]) : 2000, until = now_ms() + ms;
	int procs = argc > 2 ? atoi(argv[2]) : 1;

	for (int i = 1; i < procs; i++)
		if (fork() == 0)
			return spin_here(until) == 42;
	int r = spin_here(until) == 42;
	while (wait(NULL) > 0)
		;
	return r;
}
