/* Helper threads: the start-up work that runs beside the main thread while
 * it compiles and attaches (reading /proc, making the first rings). On a
 * machine of few CPUs a new thread placed on the main thread's CPU takes it
 * from the main thread for milliseconds, so a helper keeps to the other
 * CPUs when there are others; it takes no signal (signalfd reads them). */
#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include "runtime/rt.h"

int rt_helper_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	pthread_attr_t at;
	sigset_t all, old;
	cpu_set_t cpus;
	int me = sched_getcpu(), rc = -1;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (me >= 0 && sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_ISSET(me, &cpus) &&
	    CPU_COUNT(&cpus) > 1 && pthread_attr_init(&at) == 0) {
		CPU_CLR(me, &cpus);
		if (pthread_attr_setaffinity_np(&at, sizeof(cpus), &cpus) == 0)
			rc = pthread_create(th, &at, fn, arg);
		pthread_attr_destroy(&at);
	}
	if (rc != 0)
		rc = pthread_create(th, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
