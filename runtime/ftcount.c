/* Counting a filtered tracepoint in a tracefs instance of its own: the
 * kernel tests the filter before it builds a perf sample (a rejected event
 * costs it ~150 ns here, against ~300-450 ns through a filtered perf
 * counting event), and the instance's per-CPU ring-buffer statistics count
 * what passed, without a reader. Used for count-only clauses whose kernel
 * filter admits few events (ring.c: one it admits costs more here than in
 * perf); the instance is removed when the session ends, and those of dtr
 * processes that died without removing theirs are removed when the next
 * one makes its own.
 *
 * When the clauses need the current task to have one of a few names
 * (execname == "name", or such tests joined by ||), the event waits
 * registered but soft-disabled: a trigger on task:task_rename (every exec
 * and rename passes there, before the new name is set) enables it as a
 * task takes one, and it is enabled at once if a thread has one already.
 * Until then an event costs the kernel a flag test, not a record tested
 * and dropped (make bench's case 4: 8-27 ns added to a getppid() here,
 * against bpftrace's 134-149). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/provider.h"
#include "runtime/ftcount.h"
#include "runtime/rt.h"

/* Write s into file dir/name; 0 or -errno. */
static int put(const char *dir, const char *name, const char *s)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return prov_tracefs_write(path, s, 0);
}

/* Remove the instances left by dtr processes that no longer run (one
 * whose pid this process now has among them: it has made none yet). */
static void reap(const char *instances)
{
	DIR *d = opendir(instances);
	int pid, n, end;

	for (struct dirent *de; d && (de = readdir(d));) {
		end = 0;
		if (sscanf(de->d_name, "dtr-%d-%d%n", &pid, &n, &end) != 2 || de->d_name[end] ||
		    pid <= 0 || (pid != getpid() && !prov_pid_ended(pid)))
			continue;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", instances, de->d_name);
		rmdir(path);
	}
	if (d)
		closedir(d);
}

/* Is name one of names ("a\nb")? */
static int among(const char *name, const void *arg)
{
	const char *names = arg;
	size_t l = strlen(name);

	for (const char *p = names; *p; p += strcspn(p, "\n"), p += *p == '\n')
		if (strcspn(p, "\n") == l && !strncmp(p, name, l))
			return 1;
	return 0;
}

/* Has a thread of this machine one of the names? (yes when /proc cannot be
 * read into a table: the event is then enabled at once) */
static int named(const char *names)
{
	rt_proctab *t = rt_proctab_new();

	if (!t)
		return 1;
	rt_proctab_snapshot(t, 0);
	int found = rt_proctab_any(t, among, names);
	rt_proctab_free(t);
	return found;
}

/* The trigger enabling sys:name as a task takes one of the names; its
 * length, or -1 when it does not fit or a name needs escaping. */
static int trigger_of(char *buf, size_t len, const char *sys, const char *name, const char *names)
{
	int n = snprintf(buf, len, "enable_event:%s:%s if ", sys, name);

	for (const char *p = names; n > 0 && (size_t)n < len && *p;) {
		int l = (int)strcspn(p, "\n");
		if (memchr(p, '"', (size_t)l) || memchr(p, '\\', (size_t)l))
			return -1;
		n += snprintf(buf + n, len - (size_t)n, "%snewcomm == \"%.*s\"", p == names ? "" : " || ", l, p);
		p += l + (p[l] == '\n');
	}
	return n > 0 && (size_t)n < len ? n : -1;
}

int rt_ft_make(rt_ft *ft, const char *tracefs, const char *event, const char *filter, const char *comm)
{
	static int made;
	char sys[64], name[128], ev[256];

	*ft = (rt_ft){ .on = -1 };
	if (!tracefs || sscanf(event, "%63[^:]:%127s", sys, name) != 2)
		return -ENOENT;
	snprintf(ft->dir, sizeof(ft->dir), "%s/instances", tracefs);
	if (!made)
		reap(ft->dir);
	snprintf(ft->dir, sizeof(ft->dir), "%s/instances/dtr-%d-%d", tracefs, (int)getpid(), made++);
	if (mkdir(ft->dir, 0700) < 0) {
		int e = -errno;
		ft->dir[0] = 0;
		return e;
	}
	/* recording waits for rt_ft_on; the ring, which nothing reads, keeps
	 * the kernel's size (1.4 MiB a CPU here, less than a sampling
	 * session's perf rings): shrinking it took 4-5 ms */
	char on[512];
	snprintf(on, sizeof(on), "%s/tracing_on", ft->dir);
	int rc = (ft->on = open(on, O_WRONLY | O_CLOEXEC)) < 0 ? -errno : rt_ft_on(ft, 0);
	snprintf(ev, sizeof(ev), "events/%s/%s/filter", sys, name);
	if (!rc)
		rc = put(ft->dir, ev, filter);
	/* the trigger registers the event soft-disabled; the thread list is
	 * read after it, so that a task named before or since is seen */
	char trigger[1024];
	if (!rc && comm && trigger_of(trigger, sizeof(trigger), sys, name, comm) > 0 &&
	    put(ft->dir, "events/task/task_rename/trigger", trigger) == 0)
		ft->gated = !named(comm);
	snprintf(ev, sizeof(ev), "events/%s/%s/enable", sys, name);
	if (!rc && !ft->gated)
		rc = put(ft->dir, ev, "1");
	if (rc)
		rt_ft_remove(ft);
	return rc;
}

int rt_ft_stats(const rt_ft *ft, int cpu)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/stats", ft->dir, cpu);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int rt_ft_read(int fd, uint64_t *v)
{
	char buf[1024];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return -1;
	buf[n] = 0;
	/* each event that passed: in the ring, overwritten, lost to a writer
	 * that wrapped onto one being committed, dropped by a full ring (an
	 * instance that does not overwrite, as the top one's options may make
	 * it), or read; the first two are on every kernel */
	static const char *const parts[] = { "entries", "overrun", "commit overrun", "dropped events",
					     "read events" };
	uint64_t sum = 0;
	int seen = 0;
	for (char *line = buf, *next; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = 0;
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = 0;
		for (int i = 0; i < 5; i++)
			if (!strcmp(line, parts[i])) {
				sum += strtoull(colon + 1, NULL, 10);
				seen |= 1 << i;
			}
	}
	if ((seen & 3) != 3)
		return -1;
	*v = sum;
	return 0;
}

int rt_ft_on(rt_ft *ft, int on)
{
	if (ft->on < 0)
		return -EBADF;
	return pwrite(ft->on, on ? "1" : "0", 1, 0) == 1 ? 0 : -errno;
}

void rt_ft_remove(rt_ft *ft)
{
	if (ft->on >= 0) {
		pwrite(ft->on, "0", 1, 0);
		close(ft->on);
	}
	ft->on = -1;
	/* the kernel disables the instance's events as it removes it */
	if (ft->dir[0])
		rmdir(ft->dir);
	ft->dir[0] = 0;
}
