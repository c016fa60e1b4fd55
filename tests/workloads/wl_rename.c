/* Workload: wl_rename N NAME... [-e NAME...]: for each NAME renames itself
 * to it (prctl; a NAME written =name, by writing name to /proc/self/comm),
 * moves to the next CPU in turn and makes N getppid() calls; then, given
 * -e, runs itself again (execve) with N and the names after -e, else ends
 * (exit_group). A tracer keyed by execname sees N + 2 system calls under
 * each NAME but the last before -e: the move, the N calls and the next
 * rename (or the execve); the open and the write of the next rename by
 * /proc/self/comm, N + 3, and the close after it under its new name.
 * Renames, CPU moves and exec of a thread counted by the kernel
 * (runtime/promote.c). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void rename_to(const char *name)
{
	int fd;

	if (name[0] != '=') {
		prctl(PR_SET_NAME, name);
	} else if ((fd = open("/proc/self/comm", O_WRONLY)) >= 0) {
		if (write(fd, name + 1, strlen(name + 1)) < 0)
			_exit(1);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000, ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int i = 2;

	for (; i < argc && strcmp(argv[i], "-e"); i++) {
		cpu_set_t set;
		rename_to(argv[i]);
		CPU_ZERO(&set);
		CPU_SET((i - 2) % (ncpu > 0 ? ncpu : 1), &set);
		sched_setaffinity(0, sizeof(set), &set);
		for (long k = 0; k < n; k++)
			syscall(SYS_getppid);
	}
	if (i < argc) {
		argv[i] = argv[1];
		argv[i - 1] = argv[0]; /* the same path: its name again */
		execv(argv[0], argv + i - 1);
	}
	syscall(SYS_exit_group, 0);
	return 1;
}
