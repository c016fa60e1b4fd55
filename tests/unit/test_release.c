/* The release of perf events after dtr's exit (runtime/release.c): the
 * child that takes them holds them and nothing else, and drops them once
 * the pipe it is handed is closed. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/rt.h"

/* What /proc/PID/fd/NAME links to ("" when it is gone). */
static void link_of(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[320];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/%s", (int)pid, name);
	n = readlink(path, buf, len - 1);
	buf[n > 0 ? n : 0] = 0;
}

/* Count pid's open files: perf events, and others but the one linked as keep. */
static void count_fds(pid_t pid, const char *keep, int *perf, int *other)
{
	char path[64], link[128];
	struct dirent *e;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	DIR *d = opendir(path);
	*perf = *other = 0;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		link_of(pid, e->d_name, link, sizeof(link));
		if (!strcmp(link, "anon_inode:[perf_event]"))
			++*perf;
		else if (link[0] && strcmp(link, keep))
			++*other;
	}
	if (d)
		closedir(d);
}

static int dummy_event(void)
{
	struct perf_event_attr a = { .size = sizeof(a), .type = PERF_TYPE_SOFTWARE,
				     .config = PERF_COUNT_SW_DUMMY, .disabled = 1 };

	return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

Test(release, the_child_holds_the_perf_events_and_nothing_else_until_the_pipe_closes)
{
	int ev = dummy_event(), q[2], st, perf, other;
	pid_t child = 0;
	char pipelink[128], name[16];

	if (ev < 0)
		cr_skip_test("perf_event_open of a dummy event failed (not root?)");
	cr_assert_eq(pipe(q), 0);
	int w = rt_release_handoff(&child);
	cr_assert_geq(w, 0);
	cr_assert_gt(child, 0);
	snprintf(name, sizeof(name), "%d", w);
	link_of(getpid(), name, pipelink, sizeof(pipelink));
	/* it closes its copy of every other file at once: q's write end too */
	struct pollfd p = { .fd = q[0], .events = POLLIN };
	close(q[1]);
	cr_assert_eq(poll(&p, 1, 10000), 1, "the child kept a pipe's write end open");
	char c;
	cr_expect_eq(read(q[0], &c, 1), 0);
	for (int i = 0; i < 1000; i++) {
		count_fds(child, pipelink, &perf, &other);
		if (!other)
			break;
		usleep(10000);
	}
	cr_expect_eq(other, 0, "the child holds %d files that are not perf events", other);
	/* the event's last reference is then the child's */
	close(ev);
	count_fds(child, pipelink, &perf, &other);
	cr_expect_eq(perf, 1);
	cr_expect_eq(waitpid(child, &st, WNOHANG), 0, "the child ended before the pipe closed");
	close(w);
	cr_assert_eq(waitpid(child, &st, 0), child);
	cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(q[0]);
}

Test(release, nothing_is_handed_without_a_perf_event)
{
	pid_t child = 0;

	cr_expect_eq(rt_release_handoff(&child), -1);
	cr_expect_eq(child, 0);
	cr_expect_eq(waitpid(-1, NULL, WNOHANG), -1, "a child was made");
}
