/* One traced session's clock for bench/lib.sh: start a tracer, time it to
 * "attached" (a line of its output) and, once told to stop, from SIGINT to
 * its exit, to a tenth of a millisecond. The shell's own polling (a fork per
 * check) would add milliseconds to both figures.
 *
 *   session DIR PATTERN ATTACH_S DETACH_S WATCHFILE TRACER [ARG...]
 *
 * The tracer's stdout and stderr go to DIR/out and DIR/err; PATTERN is looked
 * for in those and in WATCHFILE ("" for none), each time one is written
 * (inotify: polling would take CPU time from the tracer as it starts).
 * Writes DIR/pid, then DIR/attach (ms) once PATTERN appears, and a line to
 * the FIFO DIR/ready if there is one (so that the shell waits without
 * polling either); waits for SIGUSR1 (or SIGINT, SIGTERM), SIGINTs the
 * tracer and writes DIR/detach (ms) and DIR/maxrss (KiB, from wait4). A
 * failure goes to DIR/bad (and a line to DIR/ready); the exit status is
 * then 1. */
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *dir;

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void put(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(const char *name, const char *fmt, ...)
{
	char path[4096];
	va_list ap;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

/* A line to the FIFO DIR/ready, whose reader waits for the attach (or a failure). */
static void tell_ready(void)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/ready", dir);
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1\n", 2) < 0)
			perror("session: DIR/ready");
		close(fd);
	}
}

/* Watch the directories of DIR and of WATCHFILE for writes. */
static int watch_writes(const char *watch)
{
	char wdir[4096];
	int in = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);

	if (in < 0)
		return -1;
	inotify_add_watch(in, dir, IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE);
	if (*watch) {
		snprintf(wdir, sizeof(wdir), "%s", watch);
		inotify_add_watch(in, dirname(wdir), IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE);
	}
	return in;
}

/* PATTERN in FILE (read whole: a tracer's first lines are short) */
static int holds(const char *file, const char *pat)
{
	static char buf[1 << 16];
	FILE *f = *file ? fopen(file, "r") : NULL;

	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return strstr(buf, pat) != NULL;
}

/* the tracer's first stderr lines, for "exited before attaching" */
static void first_lines(const char *err, char *out, size_t len)
{
	FILE *f = fopen(err, "r");
	size_t n = 0;

	out[0] = 0;
	if (!f)
		return;
	for (int l = 0; l < 2 && fgets(out + n, (int)(len - n), f); l++) {
		n = strlen(out);
		if (n && out[n - 1] == '\n')
			out[n - 1] = ' ';
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	char out[4096], err[4096], why[512];
	sigset_t stop, old;
	int st = 0, sig;
	struct rusage ru;

	if (argc < 7) {
		fprintf(stderr, "usage: session DIR PATTERN ATTACH_S DETACH_S WATCHFILE TRACER [ARG...]\n");
		return 2;
	}
	dir = argv[1];
	const char *pat = argv[2], *watch = argv[5];
	double attach_ms = atof(argv[3]) * 1e3, detach_ms = atof(argv[4]) * 1e3;
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(err, sizeof(err), "%s/err", dir);
	sigemptyset(&stop);
	sigaddset(&stop, SIGUSR1);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);

	/* posix_spawn (vfork and exec): a fork would copy this process's page
	 * tables and then fault on every page either side writes, which on
	 * this class of machine adds 1-2 ms to the tracer's start */
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t sa;
	sigset_t dfl;
	pid_t pid;
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT); /* a shell's background job ignores it */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawnattr_init(&sa);
	posix_spawnattr_setflags(&sa, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setsigmask(&sa, &old);
	posix_spawnattr_setsigdefault(&sa, &dfl);

	int in = watch_writes(watch);
	double t0 = now_ms();
	int rc = posix_spawnp(&pid, argv[6], &fa, &sa, argv + 6, environ);
	if (rc) {
		put("bad", "could not start %s: %s\n", argv[6], strerror(rc));
		tell_ready();
		return 1;
	}
	put("pid", "%d\n", (int)pid);

	/* attached: PATTERN in its output, looked for whenever a file is
	 * written there (every 0.2 ms without inotify) */
	for (;;) {
		if (holds(err, pat) || holds(out, pat) || holds(watch, pat))
			break;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			first_lines(err, why, sizeof(why));
			put("bad", "exited before attaching: %s\n", why);
			tell_ready();
			return 1;
		}
		if (now_ms() - t0 > attach_ms) {
			put("bad", "no '%s' line within %.0fs\n", pat, attach_ms / 1e3);
			tell_ready();
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return 1;
		}
		if (in < 0) {
			usleep(200);
			continue;
		}
		struct pollfd p = { .fd = in, .events = POLLIN };
		char ev[4096];
		if (poll(&p, 1, 20) > 0)
			while (read(in, ev, sizeof(ev)) > 0)
				;
	}
	put("attach", "%.1f\n", now_ms() - t0);
	tell_ready();
	if (in >= 0)
		close(in);

	sigwait(&stop, &sig);
	double t1 = now_ms();
	int killed = 0;
	kill(pid, SIGINT);
	while (wait4(pid, &st, WNOHANG, &ru) != pid) {
		if (!killed && now_ms() - t1 > detach_ms) {
			kill(pid, SIGKILL);
			killed = 1;
		}
		usleep(100);
	}
	put("detach", "%.1f\n", now_ms() - t1);
	put("maxrss", "%ld\n", ru.ru_maxrss);
	if (killed) {
		put("bad", "did not exit within %.0fs of SIGINT\n", detach_ms / 1e3);
		return 1;
	}
	return 0;
}
