/* Workload: runs N short-lived children (default 20, or argv[1]) one after
 * another, each a fork + exec of this program that spends about 60 ms of
 * CPU in burn() and exits, so that they are gone before a tracer consumes
 * their samples. A child's user stack is, innermost first:
 *   wl_slprog`burn+0x..
 *   wl_slprog`main+0x..
 *   libc.so.6`__libc_start_call_main+0x..
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double secs(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Spin for ms of CPU time (at most 1 s of wall time on a loaded machine):
 * most of the time in the loop here, between clock reads. */
__attribute__((noipa)) static unsigned long burn(int ms)
{
	double cpu0 = secs(CLOCK_PROCESS_CPUTIME_ID), wall0 = secs(CLOCK_MONOTONIC);
	volatile unsigned long x = 1;

	do {
		for (int i = 0; i < 200000; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
	} while (secs(CLOCK_PROCESS_CPUTIME_ID) - cpu0 < ms / 1000.0 &&
		 secs(CLOCK_MONOTONIC) - wall0 < 1.0);
	return x;
}

int main(int argc, char **argv)
{
	char self[PATH_MAX];
	int n = argc > 1 ? atoi(argv[1]) : 20;
	ssize_t len;

	if (argc > 1 && strcmp(argv[1], "burn") == 0)
		return burn(60) == 42;
	/* exec by the file's own path: its name stays wl_slprog (not "exe") */
	if ((len = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		return 1;
	self[len] = '\0';
	for (int i = 0; i < n; i++) {
		pid_t p = fork();
		if (p < 0)
			return 1;
		if (p == 0) {
			execl(self, "wl_slprog", "burn", (char *)NULL);
			_exit(127);
		}
		waitpid(p, NULL, 0);
	}
	return 0;
}
