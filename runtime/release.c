/* dtr's perf events released after dtr has exited. Closing the last perf
 * event of a tracepoint unregisters the kernel's probe and waits for RCU
 * grace periods: 6-30 ms per tracepoint on this class of machine, between
 * SIGINT and the prompt. At the end of a session the events' file
 * descriptors are handed to a child process that holds them, and nothing
 * else, until dtr's exit closes a pipe; it then drops them and exits
 * (init reaps it). dtr's own closes are then never the last ones. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "runtime/rt.h"

/* Is fd (an entry of the directory dfd, /proc/self/fd) a perf event? */
static int perf_fd(int dfd, const char *name)
{
	char link[64];
	ssize_t n = readlinkat(dfd, name, link, sizeof(link) - 1);

	if (n <= 0)
		return 0;
	link[n] = 0;
	return !strcmp(link, "anon_inode:[perf_event]");
}

int rt_release_handoff(pid_t *child)
{
	DIR *d = opendir("/proc/self/fd");
	int *drop = NULL, ndrop = 0, cap = 0, nperf = 0, p[2] = { -1, -1 };
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name);
		if (e->d_name[0] == '.' || fd == dirfd(d))
			continue;
		if (perf_fd(dirfd(d), e->d_name)) {
			nperf++;
			continue;
		}
		if (ndrop == cap) {
			int *n = realloc(drop, (size_t)(cap = cap ? 2 * cap : 64) * sizeof(*n));
			if (!n)
				goto fail;
			drop = n;
		}
		drop[ndrop++] = fd;
	}
	/* the child's end of the pipe is left out of its closes */
	if (!nperf || pipe2(p, O_CLOEXEC) < 0)
		goto fail;
	pid_t pid = fork();
	if (pid == 0) {
		/* only what is safe after a fork of a threaded process: system calls */
		prctl(PR_SET_NAME, "dtr-release");
		for (int i = 0; i < ndrop; i++)
			close(drop[i]);
		close(dirfd(d));
		close(p[1]);
		char c;
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	if (pid < 0)
		goto fail;
	close(p[0]);
	closedir(d);
	free(drop);
	if (child)
		*child = pid;
	return p[1];
fail:
	if (p[0] >= 0) {
		close(p[0]);
		close(p[1]);
	}
	closedir(d);
	free(drop);
	return -1;
}
