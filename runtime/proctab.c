/* The process table: tid -> pid, ppid, uid, gid, comm. Seeded from /proc
 * at start, kept current from perf's COMM, FORK and EXIT records (consumed
 * in timestamp order), so that execname is right even for processes that
 * lived a millisecond and were gone before their events were consumed. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/rt.h"

/* Exited threads stay known until this many more have exited: a thread's
 * last events (the switch away from it, sched:::sleep) come after perf's
 * EXIT record for it. */
#define LINGER 256

struct rt_proctab {
	rt_proc *slots;   /* open addressing on tid; tid 0 marks empty, -1 deleted */
	uint32_t cap, used;
	rt_proc unknown;
	int warned;       /* said once that a thread's process was unknown */
	int32_t gone[LINGER]; /* the threads that exited last, oldest at gonepos */
	uint32_t gonepos;
	struct renamed {      /* a known thread's new name read once tracing was enabled ... */
		int32_t tid;
		char comm[16];
		uint64_t at;  /* ... and when; 0: a record renamed it before */
	} *renamed;
	uint32_t nrenamed;
	int stop;             /* a snapshot under way is to end (rt_proctab_stop) */
};

rt_proctab *rt_proctab_new(void)
{
	rt_proctab *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cap = 512; /* grows with the threads: every page of it costs a fault */
	if (!(t->slots = calloc(t->cap, sizeof(*t->slots)))) {
		free(t);
		return NULL;
	}
	strcpy(t->unknown.comm, "<unknown>");
	return t;
}

void rt_proctab_free(rt_proctab *t)
{
	if (t) {
		free(t->renamed);
		free(t->slots);
		free(t);
	}
}

static uint32_t hash(int32_t tid, uint32_t cap)
{
	return ((uint32_t)tid * 2654435761u) & (cap - 1);
}

static rt_proc *find(rt_proctab *t, int32_t tid)
{
	for (uint32_t i = hash(tid, t->cap), n = 0; n < t->cap; i = (i + 1) & (t->cap - 1), n++) {
		if (t->slots[i].tid == tid)
			return &t->slots[i];
		if (t->slots[i].tid == 0)
			return NULL;
	}
	return NULL;
}

static void grow(rt_proctab *t);

static rt_proc *insert(rt_proctab *t, int32_t tid)
{
	rt_proc *p = find(t, tid);

	if (p)
		return p;
	if ((t->used + 1) * 2 > t->cap)
		grow(t);
	for (uint32_t i = hash(tid, t->cap);; i = (i + 1) & (t->cap - 1)) {
		if (t->slots[i].tid <= 0) {
			p = &t->slots[i];
			memset(p, 0, sizeof(*p));
			p->tid = tid;
			t->used++;
			return p;
		}
	}
}

/* Rehash without tombstones: at twice the size when the live threads fill
 * a quarter of it, else at the same size (exited threads must not make the
 * table grow without end under a fork storm). */
static void grow(rt_proctab *t)
{
	rt_proc *old = t->slots;
	uint32_t oldcap = t->cap, live = 0;

	for (uint32_t i = 0; i < oldcap; i++)
		live += old[i].tid > 0;
	uint32_t cap = live * 4 >= oldcap ? oldcap * 2 : oldcap;
	rt_proc *n = calloc(cap, sizeof(*n));

	if (!n)
		return; /* stays at half load or more; lookups still terminate */
	t->slots = n;
	t->cap = cap;
	t->used = 0;
	for (uint32_t i = 0; i < oldcap; i++)
		if (old[i].tid > 0)
			*insert(t, old[i].tid) = old[i];
	free(old);
}

/* Read an open stat or comm file of a thread into p: its owner is the
 * thread's uid and gid. Returns the bytes read, or -1. */
static ssize_t read_open(int fd, rt_proc *p, char *buf, size_t len)
{
	struct stat st;
	ssize_t n = read(fd, buf, len - 1);

	if (fstat(fd, &st) == 0) {
		p->uid = st.st_uid;
		p->gid = st.st_gid;
	}
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return n;
}

/* p's name: s's first len bytes, as many as comm holds. */
static void set_comm(rt_proc *p, const char *s, size_t len)
{
	if (len > sizeof(p->comm) - 1)
		len = sizeof(p->comm) - 1;
	memcpy(p->comm, s, len);
	p->comm[len] = 0;
}

/* Fill p from a stat file, "tid (comm) state ppid ...": comm may hold
 * spaces and parens. Returns the thread count, field 20 (0 when it
 * cannot tell), or -1. */
static long read_stat(rt_proc *p, const char *path)
{
	char buf[512];
	int fd = open(path, O_RDONLY);
	int ppid = 0;

	if (fd < 0 || read_open(fd, p, buf, sizeof(buf)) < 0)
		return -1;
	char *l = strchr(buf, '('), *r = strrchr(buf, ')');
	if (!l || !r || r < l)
		return -1;
	set_comm(p, l + 1, (size_t)(r - l - 1));
	if (sscanf(r + 1, " %*c %d", &ppid) == 1)
		p->ppid = ppid;
	const char *f = r + 2; /* field 3, then on to field 20 */
	for (int i = 3; i < 20 && f; i++)
		if ((f = strchr(f, ' ')))
			f++;
	return f ? atol(f) : 0;
}

/* Thread tid, whose process is not known yet, from /proc. Returns 0, or
 * -1 if it is gone. */
static int read_proc(rt_proc *p, int32_t tid)
{
	char path[64], buf[512];

	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	if (read_stat(p, path) < 0)
		return -1;
	/* find the thread group id */
	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	FILE *f = fopen(path, "r");
	p->pid = tid;
	if (f) {
		while (fgets(buf, sizeof(buf), f))
			if (sscanf(buf, "Tgid: %d", &p->pid) == 1)
				break;
		fclose(f);
	}
	return 0;
}

/* Thread tmp, read from /proc: in, but a known thread's new name read
 * late, which waits (rt_proctab_settle). */
static void put(rt_proctab *t, const rt_proc *tmp, int late)
{
	rt_proc *p = find(t, tmp->tid);

	if (!late || !p) {
		*insert(t, tmp->tid) = *tmp;
		return;
	}
	if (!strcmp(p->comm, tmp->comm))
		return;
	struct renamed *n = realloc(t->renamed, (t->nrenamed + 1) * sizeof(*n));
	if (!n)
		return; /* the records' renames only */
	t->renamed = n;
	n = &n[t->nrenamed++];
	n->tid = tmp->tid;
	memcpy(n->comm, tmp->comm, sizeof(n->comm));
	n->at = rt_now();
}

/* A thread's record of its rename is stamped after its new name is seen:
 * a thread held up between the two, by a preemption here or by the host of
 * this virtual CPU, stamps it late. */
#define RENAME_LATE 1000000ULL

void rt_proctab_renamed(rt_proctab *t, int32_t tid, uint64_t time)
{
	for (uint32_t i = 0; i < t->nrenamed; i++)
		if (t->renamed[i].tid == tid && time < t->renamed[i].at + RENAME_LATE)
			t->renamed[i].at = 0;
}

void rt_proctab_settle(rt_proctab *t)
{
	for (uint32_t i = 0; i < t->nrenamed; i++) {
		rt_proc *p = find(t, t->renamed[i].tid);
		if (p && t->renamed[i].at)
			memcpy(p->comm, t->renamed[i].comm, sizeof(p->comm));
	}
	free(t->renamed);
	t->renamed = NULL;
	t->nrenamed = 0;
}

/* Process pid's threads: the main one from /proc/pid/stat, which also
 * counts them; only then the others, which share its parent, by their
 * names alone (a read of /proc costs 10-20 us a file here, and most
 * processes have one thread). */
static void snap_process(rt_proctab *t, int32_t pid, int late)
{
	rt_proc lead = { .tid = pid, .pid = pid };
	char path[64], comm[32];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	long nthreads = read_stat(&lead, path);
	if (nthreads < 0)
		return;
	put(t, &lead, late);
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	if (nthreads == 1 || !(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		rt_proc tmp = lead;
		int fd;
		if ((tmp.tid = atoi(e->d_name)) <= 0 || tmp.tid == pid)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", pid, tmp.tid);
		if ((fd = open(path, O_RDONLY)) < 0 || read_open(fd, &tmp, comm, sizeof(comm)) < 0)
			continue;
		set_comm(&tmp, comm, strcspn(comm, "\n"));
		put(t, &tmp, late);
	}
	closedir(d);
}

uint32_t rt_proctab_snapshot(rt_proctab *t, int late)
{
	DIR *d = __atomic_load_n(&t->stop, __ATOMIC_RELAXED) ? NULL : opendir("/proc");
	struct dirent *e;

	if (!d)
		return 0;
	while ((e = readdir(d)) && !__atomic_load_n(&t->stop, __ATOMIC_RELAXED)) {
		int32_t pid = atoi(e->d_name);
		if (pid > 0)
			snap_process(t, pid, late);
	}
	closedir(d);
	return t->nrenamed;
}

int rt_proctab_any(const rt_proctab *t, int (*match)(const char *comm, const void *arg), const void *arg)
{
	for (uint32_t i = 0; i < t->cap; i++)
		if (t->slots[i].tid > 0 && match(t->slots[i].comm, arg))
			return 1;
	return 0;
}

void rt_proctab_stop(rt_proctab *t)
{
	__atomic_store_n(&t->stop, 1, __ATOMIC_RELAXED);
}

/* warn: the lookup is for an event a clause sees (execname, pid ...), not
 * for dtr's own bookkeeping of a fork, which no clause may ever ask about */
const rt_proc *rt_proctab_lookup(rt_proctab *t, int32_t tid, int warn)
{
	rt_proc *p = find(t, tid), tmp = { .tid = tid };

	if (p)
		return p;
	if (tid == 0) {
		t->unknown.tid = 0;
		strcpy(t->unknown.comm, "swapper");
		return &t->unknown;
	}
	if (read_proc(&tmp, tid) < 0) {
		if (warn && !t->warned++)
			fprintf(stderr, "dtr: thread %d was gone before dtr learned its process (its "
				"records were lost or it began before tracing): execname <unknown>\n", tid);
		t->unknown = tmp;
		t->unknown.pid = tid;
		strcpy(t->unknown.comm, "<unknown>");
		return &t->unknown;
	}
	p = insert(t, tid);
	*p = tmp;
	return p;
}

const rt_proc *rt_proctab_get(rt_proctab *t, int32_t tid)
{
	return rt_proctab_lookup(t, tid, 1);
}

void rt_proctab_comm(rt_proctab *t, int32_t pid, int32_t tid, const char *comm)
{
	rt_proc *p = find(t, tid);

	if (!p) {
		rt_proc tmp = { .tid = tid };
		if (read_proc(&tmp, tid) < 0)
			tmp.pid = pid;
		p = insert(t, tid);
		*p = tmp;
	}
	p->pid = pid;
	p->exited = 0;
	snprintf(p->comm, sizeof(p->comm), "%s", comm);
}

void rt_proctab_fork(rt_proctab *t, int32_t pid, int32_t ppid, int32_t tid, int32_t ptid)
{
	const rt_proc *parent = rt_proctab_lookup(t, ptid, 0);
	rt_proc copy = *parent;
	rt_proc *p = insert(t, tid);

	*p = copy;
	p->tid = tid;
	p->pid = pid;
	p->exited = 0;
	/* a new process's parent is the forking process; a new thread shares its process's parent */
	p->ppid = pid == tid ? ppid : copy.ppid;
}

size_t rt_proctab_bytes(const rt_proctab *t)
{
	return sizeof(*t) + t->cap * sizeof(*t->slots);
}

void rt_proctab_exit(rt_proctab *t, int32_t tid)
{
	rt_proc *p = find(t, tid);
	int32_t oldest = t->gone[t->gonepos];

	if (!p)
		return;
	p->exited = 1;
	t->gone[t->gonepos] = tid;
	t->gonepos = (t->gonepos + 1) % LINGER;
	/* the thread that exited LINGER exits ago goes, unless its tid is a
	 * new thread's by now; a tombstone keeps probe chains intact and still
	 * counts towards the load, so growing (which drops tombstones) keeps
	 * lookups short */
	if (oldest > 0 && (p = find(t, oldest)) && p->exited)
		p->tid = -1;
}
