/* Workload: wl_alt SECONDS: says "ready", waits for SIGUSR1, then starts a child that,
 * for SECONDS, renames itself (prctl) to wlalt_b and wlalt_a in turn,
 * making 50 close() calls under each name on file descriptors no process
 * has: 1000003 as wlalt_b, 1000002 as wlalt_a. A tracer keyed by execname
 * and the descriptor sees only those two pairs if it orders each call
 * with the renames around it. Started before the tracer and signalled
 * once it traces, the child renames itself through the tracer's start-up
 * (its events moving to their full rings); born after the tracer began,
 * every name it has is in the tracer's records. */
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1;
	struct timespec t0, t;
	sigset_t usr1;
	int sig;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	write(1, "ready\n", 6);
	sigwait(&usr1, &sig);
	pid_t child = fork();
	if (child > 0) {
		waitpid(child, NULL, 0);
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned long phase = 1;; phase++) {
		int b = phase & 1;
		prctl(PR_SET_NAME, b ? "wlalt_b" : "wlalt_a");
		for (int k = 0; k < 50; k++)
			syscall(SYS_close, b ? 1000003 : 1000002);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 >= secs)
			break;
	}
	return 0;
}
