/* Workload: forks N children (default 50) that each rename themselves
 * wl_child_<i % 5> (or PREFIX_<i % 5> given a second argument), make one
 * getppid() call and exit at once, so that they are gone long before a
 * tracer consumes their events. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 50;
	const char *prefix = argc > 2 ? argv[2] : "wl_child";

	for (int i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			char name[16];
			snprintf(name, sizeof(name), "%.12s_%d", prefix, i % 5);
			prctl(PR_SET_NAME, name);
			syscall(SYS_getppid);
			_exit(0);
		}
		waitpid(p, NULL, 0);
	}
	return 0;
}
