/* Workload: runs a program N times (default 500 runs of /bin/true), one
 * after another: wl_exec N [program [args...]]. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 500;
	char *def[] = { "/bin/true", NULL };
	char **cmd = argc > 2 ? argv + 2 : def;

	for (int i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			execv(cmd[0], cmd);
			_exit(127);
		}
		waitpid(p, NULL, 0);
	}
	return 0;
}
