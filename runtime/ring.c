/* Perf rings: every provider event source opened on every CPU, all of a
 * CPU's events writing into one mmap'ed ring (PERF_EVENT_IOC_SET_OUTPUT)
 * that a dummy event owns, side-band COMM/FORK/EXIT records on the first
 * event of each CPU, and a drain that merges the CPU rings in timestamp
 * order and hands each record to a consumer (the session passes decode.c's
 * rt_decode_record). The kernel takes milliseconds to allocate a ring of
 * bufsize bytes: tracing starts in a small one, rt_rings_grow_end() then
 * moves every event into a ring of the full size, the drain merges the two
 * by time while both hold records, and lets the small one go once it has
 * read it. The small ones are made by the
 * session's start-up helper while the program compiles (rt_rings_premake).
 * Counting events (probes whose clauses only count) write nothing: their
 * values are read at print time; promote.c moves a wide event's busiest
 * probes to such events while tracing runs. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "runtime/ring_impl.h"
#include "runtime/rt.h"
#include "runtime/stacks.h"

/* Every sample carries these, and what its provider asks for (IP, RAW);
 * other record types end with sample_id: tid, time, identifier. Not the
 * CPU, which each ring's own is (every event is opened on one CPU). */
#define SAMPLE_BASE (PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME)

uint64_t rt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int perf_open(struct perf_event_attr *a, int pid, int cpu, int group)
{
	return (int)syscall(SYS_perf_event_open, a, pid, cpu, group, PERF_FLAG_FD_CLOEXEC);
}

_Static_assert(RT_USTACK_REGS == PROV_REGS_MASK, "user stacks and uprobe arguments share one register set");

static int ncpus_configured(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	return n > 0 ? (int)n : 1;
}

static const char *limit_hint(int e)
{
	if (e == EMFILE || e == ENFILE)
		return " (too many open files: raise the limit with ulimit -n)";
	return "";
}

static const char *perm_hint(int e)
{
	return e == EACCES || e == EPERM ? " (dtr needs root, or CAP_PERFMON and tracefs access)" : "";
}

/* Does a clause enabled on event ev's one probe read its raw record? */
static int args_read(const rt_session *s, const prov_event *ev)
{
	uint32_t p = ev->only_probe;

	if (!p || !s->sees || p + 1 > s->nfirst)
		return 1;
	for (uint32_t i = s->first[p]; i < s->first[p + 1]; i++)
		if (s->sees[s->enab[i].clause] & RT_READS_ARGS)
			return 1;
	return 0;
}

/* Do all the probes of wide event ev run the same clauses (enabled in the
 * same order)? */
static int same_clauses(const rt_session *s, const prov_event *ev)
{
	uint32_t p0 = ev->nprobes ? ev->probes[0] : 0;

	if (!p0 || p0 + 1 > s->nfirst || s->first[p0] == s->first[p0 + 1])
		return 0;
	uint32_t n = s->first[p0 + 1] - s->first[p0];
	for (uint32_t k = 1; k < ev->nprobes; k++) {
		uint32_t p = ev->probes[k];
		if (p + 1 > s->nfirst || s->first[p + 1] - s->first[p] != n)
			return 0;
		for (uint32_t j = 0; j < n; j++)
			if (s->enab[s->first[p] + j].clause != s->enab[s->first[p0] + j].clause)
				return 0;
	}
	return 1;
}

/* Can no clause on wide event ev tell which of its probes fired? Every
 * probe runs the same clauses, none of which sees the probe or shows
 * (rt_clause_sees). */
static int probe_blind(const rt_session *s, const prov_event *ev)
{
	if (!s->sees || !same_clauses(s, ev))
		return 0;
	uint32_t p0 = ev->probes[0];
	for (uint32_t j = s->first[p0]; j < s->first[p0 + 1]; j++)
		if (s->sees[s->enab[j].clause] & (RT_SEES_PROBE | RT_SHOWS))
			return 0;
	return 1;
}

/* The sample holds what the decoder and the clauses need: no raw record
 * when its raw record holds only arguments (and which probe fired) and
 * the program reads no argument (of a one-probe event) or cannot tell the
 * probes apart (of a wide one): perf then copies no raw data into the ring.
 * No user registers or stack when they give only arguments and no clause
 * reads one. */
uint64_t rt_sample_type(const rt_session *s, const prov_event *ev)
{
	uint64_t t = SAMPLE_BASE | ev->sample_type;
	int regs = !ev->regs_are_args || (s->sees_any & RT_READS_ARGS);

	if (ev->raw_is_args && (ev->only_probe ? !args_read(s, ev) : probe_blind(s, ev)))
		t &= ~(uint64_t)PERF_SAMPLE_RAW;
	if (!regs)
		t &= ~(uint64_t)PERF_SAMPLE_REGS_USER;

	if (s->prog->kstack)
		t |= PERF_SAMPLE_CALLCHAIN;
	if (s->prog->ustack)
		t |= PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
	if (ev->stack_user && regs)
		t |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
	if (s->prog->uregs)
		t |= PERF_SAMPLE_REGS_USER;
	return t;
}

/* What event ev opened in mode records: no time stamps when the session
 * is untimed (rt_session.untimed), but on the side-band records of the
 * event that carries them (whose stamps order the untimed samples). */
static uint64_t open_type(const rt_session *s, const prov_event *ev, int mode)
{
	uint64_t t = rt_sample_type(s, ev);

	if (mode == RT_OPEN_MARK)
		return PERF_SAMPLE_IDENTIFIER;
	if (mode == RT_OPEN_READ)
		return PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_READ;
	return s->untimed && mode != RT_OPEN_SIDEBAND ? t & ~(uint64_t)PERF_SAMPLE_TIME : t;
}

/* The clauses' kernel filter for probe p (dtr_clause.kfilter): NULL when one
 * of its clauses has none; the clauses' own when they share it; else their
 * disjunction, in buf. */
static const char *probe_filter(rt_session *s, uint32_t p, char *buf, size_t len)
{
	const char *f = NULL;
	size_t l = 0;

	if (p + 1 > s->nfirst || s->first[p] == s->first[p + 1])
		return NULL;
	for (uint32_t i = s->first[p]; i < s->first[p + 1]; i++) {
		const char *k = s->prog->clauses[s->enab[i].clause].kfilter;
		if (!k)
			return NULL;
		if (!f) {
			f = k;
		} else if (strcmp(f, k)) {
			if (f != buf)
				l = (size_t)snprintf(buf, len, "(%s)", f);
			l += (size_t)snprintf(buf + l, l < len ? len - l : 0, " || (%s)", k);
			if (l >= len)
				return NULL;
			f = buf;
		}
	}
	return f;
}

/* The name the current task must have for any clause of probe p to fire
 * (the one dtr_clause.kcomm they all have), or NULL. */
static const char *probe_comm(const rt_session *s, uint32_t p)
{
	const char *name = NULL;

	for (uint32_t i = s->first[p]; p + 1 < s->nfirst && i < s->first[p + 1]; i++) {
		const char *k = s->prog->clauses[s->enab[i].clause].kcomm;
		if (!k || (name && strcmp(name, k)))
			return NULL;
		name = k;
	}
	return name;
}

/* The filter the predicates of event ev's clauses push into the kernel, or
 * NULL. Only where the event fires as the current task (its comm and pid
 * are the probe's execname and tid): its one probe's, or the one filter
 * every enabled probe of its provider shares. */
static const char *pushed_filter(rt_session *s, const prov_event *ev, char *buf, size_t len)
{
	char one[2048];
	const char *f = NULL;

	if (!rt_fires_as_current(ev) || !s->prog)
		return NULL;
	if (ev->only_probe)
		return probe_filter(s, ev->only_probe, buf, len);
	for (uint32_t i = 0; i < s->nenab; i++) {
		uint32_t p = s->enab[i].probe;
		const prov_probe *pp = prov_get(p);
		if (!pp || pp->prov != ev->prov || (i && s->enab[i - 1].probe == p))
			continue;
		const char *k = probe_filter(s, p, one, sizeof(one));
		if (!k)
			return NULL;
		if (!f)
			f = strcpy(buf, k);
		else if (strcmp(f, k))
			return NULL;
	}
	return f;
}

/* The predicates' part, the event's own filter (or own), and dtr's own pid
 * left out: the kernel stops at the first false conjunct, and a predicate
 * is there to be false (the event's filter, a wide event's system call
 * numbers, is true for nearly every event). */
static void make_filter(rt_session *s, const prov_event *ev, const char *push, const char *own,
			char *out, size_t len)
{
	const char *parts[3] = { push, own ? own : ev->filter, NULL };
	char self[64 + 48 * RT_QUIET];
	size_t l = 0;

	if (ev->has_pid_field) {
		const char *f = ev->pid_field ? ev->pid_field : "common_pid";
		size_t n = (size_t)snprintf(self, sizeof(self), "%s != %d", f, s->self);
		/* dtr's other threads: only common_pid is a thread's */
		for (int i = 0; !ev->pid_field && i < s->nquiet && n < sizeof(self); i++)
			n += (size_t)(s->quiet[i][0] == s->quiet[i][1]
				? snprintf(self + n, sizeof(self) - n, " && %s != %d", f, s->quiet[i][0])
				: snprintf(self + n, sizeof(self) - n, " && (%s < %d || %s > %d)", f,
					   s->quiet[i][0], f, s->quiet[i][1]));
		parts[2] = self;
	}
	out[0] = 0;
	for (int i = 0; i < 3; i++)
		if (parts[i] && l < len)
			l += (size_t)snprintf(out + l, len - l, l ? " && (%s)" : "(%s)", parts[i]);
}

int rt_perf_open(rt_session *s, const prov_event *ev, int pid, int cpu, int mode, char *err,
		 size_t errlen)
{
	return rt_perf_open_as(s, ev, pid, cpu, mode, -1, 0, NULL, err, errlen);
}

/* What read() gives of an event opened in mode: the samples it lost to a
 * full ring; a reading's group, leader first; a counter's count alone. */
static uint64_t read_format(int mode)
{
	if (mode == RT_OPEN_COUNT || mode == RT_OPEN_MARK)
		return 0;
	return mode == RT_OPEN_READ ? PERF_FORMAT_GROUP | PERF_FORMAT_ID : PERF_FORMAT_LOST;
}

int rt_perf_open_as(rt_session *s, const prov_event *ev, int pid, int cpu, int mode, int group,
		    uint32_t probe, const char *own, char *err, size_t errlen)
{
	struct perf_event_attr a = ev->attr;
	char filter[12288];
	int fd;

	a.size = sizeof(a);
	a.sample_type = open_type(s, ev, mode);
	if (a.sample_type & PERF_SAMPLE_REGS_USER)
		a.sample_regs_user = RT_USTACK_REGS;
	if (s->prog->ustack)
		a.sample_stack_user = RT_USTACK_DUMP;
	else if (a.sample_type & PERF_SAMPLE_STACK_USER)
		a.sample_stack_user = ev->stack_user;
	if (!s->prog->ustack && s->prog->kstack)
		a.exclude_callchain_user = 1;
	/* a process's event follows its new threads and children */
	a.inherit = pid > 0;
	int counts = mode == RT_OPEN_COUNT || mode == RT_OPEN_MARK;
	if (counts) {
		a.sample_period = mode == RT_OPEN_MARK;
		a.sample_type = mode == RT_OPEN_MARK ? PERF_SAMPLE_IDENTIFIER : 0;
		a.sample_regs_user = 0;
		a.sample_stack_user = 0;
	} else if (!a.sample_period) {
		a.sample_period = 1;
	}
	/* a group's members start with their leader */
	a.disabled = group < 0;
	a.sample_id_all = 1;
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	a.read_format = read_format(mode);
	if (counts) {
		a.sample_id_all = 0;
	} else if (mode == RT_OPEN_EAGER) {
		a.wakeup_events = 1;
	} else {
		a.watermark = 1;
		a.wakeup_watermark = (uint32_t)(s->opts.bufsize / 4 > 4096 ? s->opts.bufsize / 4 : 4096);
	}
	if (mode == RT_OPEN_SIDEBAND) {
		a.comm = a.comm_exec = a.task = 1;
		/* untimed samples are ordered by the switches they follow */
		a.context_switch = s->untimed;
		/* the files of processes whose user stacks may be printed after they exit */
		a.mmap = a.mmap2 = s->prog->ustack || s->prog->usyms || s->watch_maps;
	}
	fd = perf_open(&a, pid > 0 ? pid : -1, cpu, group);
	if (fd < 0) {
		int e = errno;
		if (e != ENODEV)
			snprintf(err, errlen, "failed to enable %s on cpu %d: %s%s%s", ev->desc, cpu,
				 strerror(e), perm_hint(e), limit_hint(e));
		return -e;
	}
	char pushbuf[2048];
	const char *push = probe ? probe_filter(s, probe, pushbuf, sizeof(pushbuf)) :
				   pushed_filter(s, ev, pushbuf, sizeof(pushbuf));
	make_filter(s, ev, push, own, filter, sizeof(filter));
	int bad = filter[0] && ioctl(fd, PERF_EVENT_IOC_SET_FILTER, filter) < 0;
	if (bad && push && !counts) {
		/* the kernel refuses the predicate's part: the VM tests it alone */
		make_filter(s, ev, NULL, own, filter, sizeof(filter));
		bad = filter[0] && ioctl(fd, PERF_EVENT_IOC_SET_FILTER, filter) < 0;
	}
	if (bad) {
		int e = errno;
		snprintf(err, errlen, "failed to set the filter of %s: %s", ev->desc, strerror(e));
		close(fd);
		return -e;
	}
	return fd;
}

/* The threads of process pid (pid itself when /proc cannot list them).
 * Returns how many, at most max. */
static int threads_of(int pid, int *tids, int max)
{
	char path[64];
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	DIR *d = opendir(path);
	for (struct dirent *de; d && (de = readdir(d)) && n < max;)
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9')
			tids[n++] = atoi(de->d_name);
	if (d)
		closedir(d);
	if (n == 0)
		tids[n++] = pid;
	return n;
}

/* Where identifier id's entry starts looking in an index of size slots
 * (a power of two); a taken slot sends it to the next. */
static uint32_t id_slot(uint64_t id, uint32_t size)
{
	return (uint32_t)((id * 0x9e3779b97f4a7c15ULL) >> 32) & (size - 1);
}

/* ids[i] into the index byid of size slots */
static void index_id(rt_rings *rs, int *byid, uint32_t size, int i)
{
	uint32_t k = id_slot(rs->ids[i].id, size);

	while (byid[k])
		k = (k + 1) & (size - 1);
	byid[k] = i + 1;
}

int rt_ring_grow(rt_rings *rs)
{
	if (rs->nfds < rs->cap)
		return 0;
	int cap = rs->cap ? rs->cap * 2 : 64;
	int *byid = calloc(2 * (size_t)cap, sizeof(int));
	if (!byid)
		return -ENOMEM;
	int *fds = realloc(rs->fds, (size_t)cap * sizeof(int));
	if (fds)
		rs->fds = fds;
	int *fdcpu = realloc(rs->fdcpu, (size_t)cap * sizeof(int));
	if (fdcpu)
		rs->fdcpu = fdcpu;
	evid *ids = realloc(rs->ids, (size_t)cap * sizeof(evid));
	if (ids)
		rs->ids = ids;
	if (!fds || !fdcpu || !ids) {
		free(byid);
		return -ENOMEM;
	}
	for (int i = 0; i < rs->nids; i++)
		if (rs->ids[i].id != (uint64_t)-1)
			index_id(rs, byid, 2 * (uint32_t)cap, i);
	free(rs->byid);
	rs->byid = byid;
	rs->cap = cap;
	return 0;
}

/* Is every key of count-only clause cl a probe name (by_thread 0) or
 * execname (1)? A keyless one is both. */
static int keyed_by(const rt_session *s, const dtr_clause *cl, int by_thread)
{
	const pvm_aggdesc *d = &s->prog->vm.aggs[cl->countagg - 1];

	for (int q = 0; q < d->nkeys; q++)
		if ((cl->countkey[q] == PVM_B_EXECNAME) != by_thread)
			return 0;
	return 1;
}

/* Every clause enabled on probe p only counts, keyed by probe names
 * (by_thread 0) or execname (1) (dtr_clause.countagg), with one kernel
 * filter. */
int rt_probe_counts_by(rt_session *s, uint32_t p, int by_thread)
{
	if (!p || p + 1 > s->nfirst || s->first[p] == s->first[p + 1])
		return 0;
	const char *f = s->prog->clauses[s->enab[s->first[p]].clause].kfilter;
	for (uint32_t i = s->first[p]; i < s->first[p + 1]; i++) {
		const dtr_clause *cl = &s->prog->clauses[s->enab[i].clause];
		/* one counter counts for all: their kernel filters must agree */
		if (!cl->countagg || !keyed_by(s, cl, by_thread) || (!cl->kfilter != !f) ||
		    (f && strcmp(f, cl->kfilter)))
			return 0;
	}
	return 1;
}

/* Key q of count-only clause cl for a firing of probe p as a thread named
 * comm (dtr_clause.countkey). */
static const char *count_key(const dtr_clause *cl, int q, const prov_probe *p, const char *comm)
{
	switch (cl->countkey[q]) {
	case PVM_B_EXECNAME: return comm;
	case PVM_B_PROBEFUNC: return p->func;
	case PVM_B_PROBENAME: return p->name;
	case PVM_B_PROBEMOD: return p->mod;
	default: return p->provname;
	}
}

/* Do the count-only clauses of probe p, alike on all of wide event ev's
 * probes (same_clauses), count each firing of any of them under the same
 * keys: none, or probe names all its probes share (syscall:::entry's
 * probename, not its probefunc)? */
static int same_keys(const rt_session *s, const prov_event *ev, uint32_t p)
{
	const prov_probe *a = prov_get(p);

	for (uint32_t j = s->first[p]; a && j < s->first[p + 1]; j++) {
		const dtr_clause *cl = &s->prog->clauses[s->enab[j].clause];
		const pvm_aggdesc *d = &s->prog->vm.aggs[cl->countagg - 1];
		for (uint32_t k = 1; k < ev->nprobes; k++) {
			const prov_probe *b = prov_get(ev->probes[k]);
			for (int q = 0; q < d->nkeys; q++)
				if (!b || strcmp(count_key(cl, q, a, ""), count_key(cl, q, b, "")))
					return 0;
		}
	}
	return a != NULL;
}

/* Does the kernel only need to count event e's firings? The probe they
 * count as, or 0. An event that fires one probe whatever the sample
 * holds, whose clauses only count; or a wide event whose probes all run
 * the same clauses, which only count, under keys they share: each firing
 * counts once as its first probe's. */
static uint32_t counts_only(rt_session *s, const prov_event *ev)
{
	int wide = !ev->only_probe;
	uint32_t p = !wide ? ev->only_probe : same_clauses(s, ev) ? ev->probes[0] : 0;

	if (ev->pid > 0 || !rt_probe_counts_by(s, p, 0) || (wide && !same_keys(s, ev, p)))
		return 0;
	/* a predicate's filter tests the current task */
	return !s->prog->clauses[s->enab[s->first[p]].clause].kfilter || rt_fires_as_current(ev) ? p : 0;
}

int rt_ring_counter(rt_rings *rs, int fd, int c, uint32_t probe, int32_t tid)
{
	counter *n = realloc(rs->cnt, (size_t)(rs->ncnt + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	rs->cnt = n;
	rs->cnt[rs->ncnt++] = (counter){ .fd = fd, .cpu = c, .probe = probe, .tid = tid };
	return 0;
}

/* Event e's firings on CPU c that probe p's predicate lets through,
 * counted in a tracefs instance where the predicate is a kernel filter that
 * admits few events (ftcount.c: the kernel rejects an event there for less
 * than through a filtered perf event, and records one it admits for more):
 * the fd of the instance's statistics for CPU c, or -1 to count with a perf
 * event. */
static int ft_counter(rt_session *s, int e, int c, uint32_t p)
{
	rt_rings *rs = s->rings;
	int i = 0;

	while (i < rs->nft && rs->ft[i].ev != e)
		i++;
	if (i == rs->nft) {
		char pushbuf[2048], filter[8192];
		const char *push = probe_filter(s, p, pushbuf, sizeof(pushbuf));
		struct ftcounted *n;
		if (!push || !s->prog->clauses[s->enab[s->first[p]].clause].kfilter_rare ||
		    s->evs[e].attr.type != PERF_TYPE_TRACEPOINT ||
		    !(n = realloc(rs->ft, (size_t)(rs->nft + 1) * sizeof(*n))))
			return -1;
		rs->ft = n;
		rs->ft[rs->nft++].ev = e;
		make_filter(s, &s->evs[e], push, NULL, filter, sizeof(filter));
		rs->ft[i].failed = rt_ft_make(&rs->ft[i].ft, prov_tracefs_dir(), s->evs[e].desc, filter,
					      probe_comm(s, p)) < 0;
	}
	return rs->ft[i].failed ? -1 : rt_ft_stats(&rs->ft[i].ft, c);
}

/* Count event e on CPU c as probe p (counts_only), filtered by p's
 * clauses' predicate. */
static int open_counter(rt_session *s, int e, int c, uint32_t p, char *err, size_t errlen)
{
	rt_rings *rs = s->rings;
	int fd = ft_counter(s, e, c, p), stats = fd >= 0;

	if (!stats && rt_ring_grow(rs) < 0)
		return -ENOMEM;
	if (!stats && (fd = rt_perf_open_as(s, &s->evs[e], -1, c, RT_OPEN_COUNT, -1, p, NULL, err, errlen)) < 0)
		return fd;
	if (rt_ring_counter(rs, fd, c, p, 0) < 0) {
		close(fd);
		return -ENOMEM;
	}
	if ((rs->cnt[rs->ncnt - 1].stats = stats))
		return 0;
	rs->fdcpu[rs->nfds] = c;
	rs->ids[rs->nids++] = (evid){ .id = (uint64_t)-1, .ev = e, .mode = RT_OPEN_COUNT };
	rs->fds[rs->nfds++] = fd; /* enabled, disabled and closed with the rest */
	return 0;
}

void rt_ring_fold(rt_session *s, counter *k, uint64_t v)
{
	if (v <= k->last)
		return;
	uint64_t n = v - k->last;
	k->last = v;
	if (k->tid < 0)
		return; /* dtr's own threads' (promote.c) */
	const prov_probe *p = prov_get(k->probe);
	const char *comm = k->tid ? rt_proctab_lookup(s->procs, k->tid, 0)->comm : NULL;
	for (uint32_t j = s->first[k->probe]; j < s->first[k->probe + 1]; j++) {
		const dtr_clause *cl = &s->prog->clauses[s->enab[j].clause];
		const pvm_aggdesc *d = &s->prog->vm.aggs[cl->countagg - 1];
		const char *keys[PVM_MAX_TUPLE];
		for (int q = 0; q < d->nkeys; q++)
			keys[q] = count_key(cl, q, p, comm);
		pvm_agg_count_add(&s->vm, (uint32_t)k->cpu, cl->countagg - 1, keys, d->nkeys, n);
	}
}

void rt_ring_fold_now(rt_session *s, counter *k)
{
	uint64_t v;

	if (k->stats ? rt_ft_read(k->fd, &v) == 0 : read(k->fd, &v, sizeof(v)) == sizeof(v))
		rt_ring_fold(s, k, v);
}

void rt_rings_fold_counts(rt_session *s)
{
	rt_rings *rs = s->rings;

	for (int i = 0; rs && i < rs->ncnt; i++)
		rt_ring_fold_now(s, &rs->cnt[i]);
}

/* The data bytes of the ring tracing starts in: the kernel allocates them
 * in about 0.1 ms, where the default 8 MiB take it 2-7 ms on this class of
 * machine; they hold some 40,000 minimal samples, while the full ring is
 * made (rt_rings_grow_begin). */
#define START_RING (1u << 20)
/* ... and is let go this long after its events moved, once read */
#define RETIRE_NS 100000000ULL

/* Make ring r of size data bytes on its CPU (the kernel allocates its pages
 * now), owned by a dummy event that records nothing: every event that
 * writes into it can then move to another ring. Woken when a quarter is
 * full. Returns 0, -ENODEV for an offline CPU, or -errno with err filled. */
static int make_ring(rt_ring *r, uint64_t size, char *err, size_t errlen)
{
	struct perf_event_attr a = {
		.size = sizeof(a), .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_DUMMY,
		.disabled = 1, .watermark = 1, .use_clockid = 1, .clockid = CLOCK_MONOTONIC,
		.wakeup_watermark = (uint32_t)(size / 4 > 4096 ? size / 4 : 4096),
	};
	size_t len = (size_t)size + (size_t)sysconf(_SC_PAGESIZE);
	int e;

	if ((r->fd = perf_open(&a, -1, r->cpu, -1)) < 0) {
		e = errno;
		if (e != ENODEV)
			snprintf(err, errlen, "failed to make the ring of cpu %d: %s%s%s", r->cpu, strerror(e),
				 perm_hint(e), limit_hint(e));
		return -e;
	}
	r->size = size;
	r->base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (r->base == MAP_FAILED) {
		e = errno;
		r->base = NULL;
		snprintf(err, errlen, "failed to map a %llu-byte ring on cpu %d: %s%s",
			 (unsigned long long)size, r->cpu, strerror(e),
			 e == EPERM || e == ENOMEM ?
			 " (locked memory: raise perf_event_mlock_kb or lower bufsize)" : "");
		return -e;
	}
	r->meta = (struct perf_event_mmap_page *)r->base;
	if (!(r->tmp = malloc(65536)))
		return -ENOMEM;
	return 0;
}

static void unmake_ring(rt_ring *r)
{
	if (r->base)
		munmap(r->base, (size_t)r->size + (size_t)sysconf(_SC_PAGESIZE));
	if (r->fd >= 0)
		close(r->fd);
	free(r->tmp);
	r->base = r->tmp = NULL;
	r->fd = -1;
}

/* s->rings with no ring and no event; 0 or -ENOMEM. */
static int rings_new(rt_session *s)
{
	rt_rings *rs = s->rings ? s->rings : (s->rings = calloc(1, sizeof(*rs)));

	if (!rs)
		return -ENOMEM;
	if (rs->r)
		return 0;
	rs->n = ncpus_configured();
	rs->r = calloc((size_t)rs->n, sizeof(*rs->r));
	rs->old = calloc((size_t)rs->n, sizeof(*rs->old));
	if (!rs->r || !rs->old)
		return -ENOMEM;
	for (int c = 0; c < rs->n; c++)
		rs->r[c] = rs->old[c] = (rt_ring){ .cpu = c, .fd = -1 };
	rs->start_size = START_RING;
	return 0;
}

/* Who makes a CPU's first ring: nobody yet, the helper (making it, made
 * it), or the main thread, which makes it itself when the helper has not
 * begun it by the time it is wanted (a helper may start late). */
enum { PRE_NONE, PRE_HELPER, PRE_MADE, PRE_MAIN };

int rt_rings_premake_begin(rt_session *s)
{
	if (rings_new(s) < 0 || s->rings->pre)
		return -1;
	rt_rings *rs = s->rings;
	rs->pre = calloc((size_t)rs->n, sizeof(*rs->pre));
	rs->pre_by = calloc((size_t)rs->n, 1);
	if (!rs->pre || !rs->pre_by) {
		free(rs->pre);
		free(rs->pre_by);
		rs->pre = NULL;
		rs->pre_by = NULL;
		return -1; /* out of memory: rt_rings_open() says so */
	}
	for (int c = 0; c < rs->n; c++)
		rs->pre[c] = (rt_ring){ .cpu = c, .fd = -1 };
	pthread_mutex_init(&rs->pre_mu, NULL);
	pthread_cond_init(&rs->pre_cv, NULL);
	return 0;
}

void rt_rings_premake(rt_session *s)
{
	rt_rings *rs = s->rings;
	char err[256];
	int me = sched_getcpu();

	/* its own CPU's ring first: a perf event made for another CPU is
	 * installed there by an interrupt, which waits for that CPU to wake
	 * (0.2 ms against 0.08 here, at times milliseconds); the main thread
	 * makes those the helper has not begun by the time it wants them */
	for (int k = 0; rs && rs->pre && k < rs->n; k++) {
		int c = me >= 0 && me < rs->n ? (me + k) % rs->n : k;
		pthread_mutex_lock(&rs->pre_mu);
		int mine = rs->pre_by[c] == PRE_NONE;
		if (mine)
			rs->pre_by[c] = PRE_HELPER;
		pthread_mutex_unlock(&rs->pre_mu);
		if (!mine)
			continue;
		if (make_ring(&rs->pre[c], START_RING, err, sizeof(err)) < 0)
			unmake_ring(&rs->pre[c]); /* need_ring() tries again, and says why */
		pthread_mutex_lock(&rs->pre_mu);
		rs->pre_by[c] = PRE_MADE;
		pthread_cond_broadcast(&rs->pre_cv);
		pthread_mutex_unlock(&rs->pre_mu);
		/* between rings, the tracepoints the compiler has named by now */
		rt_warm_open(s);
	}
}

/* Take CPU c's first ring from the helper (waiting if it is making it):
 * it is the main thread's from now on. Returns who made it before. */
static int premade_claim(rt_rings *rs, int c)
{
	pthread_mutex_lock(&rs->pre_mu);
	while (rs->pre_by[c] == PRE_HELPER)
		pthread_cond_wait(&rs->pre_cv, &rs->pre_mu);
	int by = rs->pre_by[c];
	rs->pre_by[c] = PRE_MAIN;
	pthread_mutex_unlock(&rs->pre_mu);
	return by;
}

/* CPU c's first ring, of size bytes, from the helper into r: 1 if taken,
 * 0 if the main thread is to make it. */
static int premade_take(rt_rings *rs, int c, uint64_t size, rt_ring *r)
{
	if (!rs->pre || premade_claim(rs, c) != PRE_MADE || !rs->pre[c].base || rs->pre[c].size != size)
		return 0;
	*r = rs->pre[c];
	rs->pre[c] = (rt_ring){ .cpu = c, .fd = -1 };
	return 1;
}

/* Let go of the first rings made ahead that no event took; the helper
 * makes no more. */
static void premade_drop(rt_rings *rs)
{
	for (int c = 0; rs->pre && c < rs->n; c++) {
		premade_claim(rs, c);
		unmake_ring(&rs->pre[c]);
	}
}

/* ... and the state they were handed over with, once the helper is joined. */
static void premade_free(rt_rings *rs)
{
	if (!rs->pre)
		return;
	premade_drop(rs);
	pthread_mutex_destroy(&rs->pre_mu);
	pthread_cond_destroy(&rs->pre_cv);
	free(rs->pre);
	free(rs->pre_by);
	rs->pre = NULL;
	rs->pre_by = NULL;
}

/* Keep fd, event ev (s->evs[e], or -1) opened in mode on cpu c, with the
 * others (room made by grow()), writing into the ring that event ring
 * owns; the drain knows its records by its id. */
static int keep_into(rt_session *s, int fd, int c, const prov_event *ev, int e, int mode, int ring,
		     char *err, size_t errlen)
{
	rt_rings *rs = s->rings;
	uint64_t id;

	rs->fdcpu[rs->nfds] = c;
	rs->fds[rs->nfds++] = fd;
	if (ioctl(fd, PERF_EVENT_IOC_ID, &id) < 0) {
		snprintf(err, errlen, "failed to identify %s: %s", ev->desc, strerror(errno));
		return -errno;
	}
	rs->ids[rs->nids] = (evid){ .id = id, .ev = e, .sample_type = open_type(s, ev, mode), .mode = mode };
	index_id(rs, rs->byid, 2 * (uint32_t)rs->cap, rs->nids++);
	if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, ring) < 0) {
		snprintf(err, errlen, "failed to share the ring of cpu %d: %s", c, strerror(errno));
		return -errno;
	}
	return 0;
}

/* ... into the CPU's ring */
int rt_ring_keep(rt_session *s, int fd, int c, const prov_event *ev, int e, int mode, char *err,
		 size_t errlen)
{
	return keep_into(s, fd, c, ev, e, mode, s->rings->r[c].fd, err, errlen);
}

static const prov_event sideband_dummy = {
	.attr = { .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_DUMMY },
	.desc = "the side-band records"
};

/* A dummy event on CPU c reporting the side-band records (and the context
 * switches that order untimed samples) into the ring that event ring owns,
 * enabled if enable: its slot in rs->fds, or -errno. */
static int open_dummy(rt_session *s, int c, int ring, int enable, char *err, size_t errlen)
{
	rt_rings *rs = s->rings;

	if (rt_ring_grow(rs) < 0)
		return -ENOMEM;
	int fd = rt_perf_open(s, &sideband_dummy, -1, c, RT_OPEN_SIDEBAND, err, errlen);
	if (fd < 0)
		return fd;
	int rc = keep_into(s, fd, c, &sideband_dummy, -1, RT_OPEN_SIDEBAND, ring, err, errlen);
	if (rc == 0 && enable && ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) < 0)
		rc = -errno;
	return rc < 0 ? rc : rs->nfds - 1;
}

/* CPU c's ring, made for its first sampled event: of START_RING bytes (or
 * bufsize's, if less) until the rings grow, then of bufsize's. In an
 * untimed session a dummy event on it then reports the side-band records.
 * Returns 0, -ENODEV or -errno. */
static int need_ring(rt_session *s, int c, char *err, size_t errlen)
{
	rt_rings *rs = s->rings;
	rt_ring *r = &rs->r[c];
	uint64_t size = rs->size < rs->start_size ? rs->size : rs->start_size;
	int rc;

	if (r->fd >= 0)
		return 0;
	if (r->offline)
		return -ENODEV;
	rc = premade_take(rs, c, size, r) ? 0 : make_ring(r, size, err, errlen);
	if (rc == -ENODEV)
		r->offline = 1;
	if (rc < 0 || !s->untimed)
		return rc;
	int d = open_dummy(s, c, r->fd, 0, err, errlen);
	if (d < 0)
		return d;
	r->sideband = 1;
	r->dummy = d + 1;
	return 0;
}

/* Open event e on cpu c (for each thread of its process, if it has one)
 * into the CPU's ring. Returns 0, -ENODEV for an offline CPU, or -errno. */
static int open_on_cpu(rt_session *s, int e, int c, char *err, size_t errlen)
{
	rt_rings *rs = s->rings;
	rt_ring *r = &rs->r[c];
	prov_event *ev = &s->evs[e];
	int tids[256], nt = ev->pid > 0 ? threads_of(ev->pid, tids, 256) : 1;
	int rc = need_ring(s, c, err, errlen);

	if (rc < 0)
		return rc;
	if (ev->pid <= 0)
		tids[0] = -1;
	for (int t = 0; t < nt; t++) {
		if (rt_ring_grow(rs) < 0)
			return -ENOMEM;
		int mode = r->sideband ? RT_OPEN_MAIN : RT_OPEN_SIDEBAND;
		int fd = rt_perf_open(s, ev, tids[t], c, mode, err, errlen);
		if (fd == -ESRCH && ev->pid > 0 && tids[t] != ev->pid)
			continue; /* a thread that has just exited */
		if (fd < 0)
			return fd;
		r->sideband = 1;
		if ((rc = rt_ring_keep(s, fd, c, ev, e, mode, err, errlen)) < 0)
			return rc;
	}
	return 0;
}

int rt_rings_open(rt_session *s, char *err, size_t errlen)
{
	if (rings_new(s) < 0)
		return -ENOMEM;
	rt_rings *rs = s->rings;
	for (rs->size = (uint64_t)sysconf(_SC_PAGESIZE); rs->size < s->opts.bufsize;)
		rs->size <<= 1;
	for (int c = 0; c < rs->n; c++) {
		/* system-wide events first: the CPU's side-band then covers every process */
		for (int pass = 0; pass < 2; pass++)
			for (int e = 0; e < s->nevs; e++) {
				prov_event *ev = &s->evs[e];
				if (ev->timer_ns || (ev->pid > 0) != pass)
					continue; /* the session runs timers itself */
				uint32_t p = counts_only(s, ev);
				int rc = p ? open_counter(s, e, c, p, err, errlen) : -EAGAIN;
				if (rc == -EINVAL || rc == -EAGAIN) {
					/* sampled: also when the kernel refuses the counter's filter */
					err[0] = 0;
					rc = open_on_cpu(s, e, c, err, errlen);
				}
				if (rc == -ENODEV) /* offline CPU */
					goto next_cpu;
				if (rc < 0)
					return rc;
			}
	next_cpu:;
	}
	rt_promote_init(s);
	return 0;
}

/* One CPU's full ring, made in a thread of its own (rt_rings_grow_begin). */
typedef struct growjob {
	rt_ring r;
	uint64_t size;
	pthread_t th;
	int state;              /* 0: none, 1: in its thread, 2: made here */
	int rc;
	char err[256];
} growjob;

static void *grow_main(void *arg)
{
	growjob *j = arg;

	j->rc = make_ring(&j->r, j->size, j->err, sizeof(j->err));
	return NULL;
}

void rt_rings_grow_begin(rt_session *s)
{
	rt_rings *rs = s->rings;

	if (rs)
		premade_drop(rs);
	if (!rs || rs->grow || !(rs->grow = calloc((size_t)rs->n, sizeof(*rs->grow))))
		return; /* out of memory: tracing goes on in the first rings */
	rs->start_size = rs->size; /* for CPUs whose first event comes later */
	for (int c = 0; c < rs->n; c++) {
		growjob *j = &rs->grow[c];
		*j = (growjob){ .r = { .cpu = c, .fd = -1 }, .size = rs->size };
		if (rs->r[c].fd < 0 || rs->r[c].size >= rs->size)
			continue;
		if (pthread_create(&j->th, NULL, grow_main, j) == 0) {
			j->state = 1;
		} else {
			j->state = 2;
			grow_main(j);
		}
	}
}

/* Move CPU c's events into its full ring to, one at a time: for a while
 * some write into the first ring, some into the full one, and the drain
 * merges the two by time. Untimed samples take their time from the
 * side-band records before them in their own ring (record_time), so in an
 * untimed session a dummy of the full ring reports them before the first
 * event moves, and the first ring's stops once the last has moved: the
 * records of the while between are in both rings (twins, of which the
 * drain keeps one). 0 or -errno. */
static int move_cpu(rt_session *s, int c, rt_ring *to, char *err, size_t errlen)
{
	rt_rings *rs = s->rings;
	int old = rs->r[c].dummy - 1, rc = 0;

	to->last = rs->r[c].last;
	if (old >= 0) {
		int d = open_dummy(s, c, to->fd, 1, err, errlen);
		if (d < 0)
			return d;
		to->dummy = d + 1;
		to->last = rt_now(); /* no later than the untimed samples that follow */
		rs->r[c].twins = 1;
	}
	for (int i = 0; i < rs->nfds && rc == 0; i++)
		if (rs->fdcpu[i] == c && i != old && i != to->dummy - 1 && rs->ids[i].id != (uint64_t)-1 &&
		    rs->fds[i] >= 0 && ioctl(rs->fds[i], PERF_EVENT_IOC_SET_OUTPUT, to->fd) < 0) {
			rc = -errno;
			snprintf(err, errlen, "failed to move to the ring of cpu %d: %s", c, strerror(errno));
		}
	if (old >= 0 && rc == 0)
		rt_ring_close(rs, old);
	return rc;
}

int rt_rings_grow_end(rt_session *s, char *err, size_t errlen)
{
	rt_rings *rs = s->rings;
	int rc = 0;

	for (int c = 0; rs && rs->grow && c < rs->n; c++) {
		growjob *j = &rs->grow[c];
		if (!j->state)
			continue;
		if (j->state == 1)
			pthread_join(j->th, NULL);
		if (j->rc == 0)
			j->rc = move_cpu(s, c, &j->r, j->err, sizeof(j->err));
		if (j->rc < 0 && rc == 0) {
			rc = j->rc;
			snprintf(err, errlen, "%s", j->err);
		}
		if (!j->r.base) {
			unmake_ring(&j->r);
		} else {
			/* events may write into it (if one could not move, both are read) */
			j->r.sideband = rs->r[c].sideband;
			rs->old[c] = rs->r[c];
			rs->old[c].retired = j->rc == 0;
			rs->r[c] = j->r;
			rs->moved = rt_now();
		}
	}
	if (rs) {
		free(rs->grow);
		rs->grow = NULL;
	}
	return rc;
}

int rt_rings_add(rt_session *s, int first, char *err, size_t errlen)
{
	rt_rings *rs = s->rings;
	int from = rs->nfds;

	for (int c = 0; c < rs->n; c++) {
		if (rs->r[c].offline)
			continue;
		for (int e = first; e < s->nevs; e++) {
			int rc = s->evs[e].timer_ns ? 0 : open_on_cpu(s, e, c, err, errlen);
			if (rc < 0)
				return rc;
		}
	}
	for (int i = from; i < rs->nfds; i++)
		if (ioctl(rs->fds[i], PERF_EVENT_IOC_ENABLE, 0) < 0)
			return -errno;
	return 0;
}

/* Start (on) or stop the counts kept in tracefs instances: 0 or -errno. */
static int ft_on(rt_rings *rs, int on)
{
	int rc = 0;

	for (int i = 0; rs && i < rs->nft && rc == 0; i++)
		if (!rs->ft[i].failed)
			rc = rt_ft_on(&rs->ft[i].ft, on);
	return rc;
}

int rt_rings_enable(rt_session *s)
{
	for (int i = 0; s->rings && i < s->rings->nfds; i++)
		if (ioctl(s->rings->fds[i], PERF_EVENT_IOC_ENABLE, 0) < 0)
			return -errno;
	return ft_on(s->rings, 1);
}

void rt_rings_disable(rt_session *s)
{
	for (int i = 0; s->rings && i < s->rings->nfds; i++)
		ioctl(s->rings->fds[i], PERF_EVENT_IOC_DISABLE, 0);
	ft_on(s->rings, 0);
}

void rt_rings_close(rt_session *s)
{
	rt_rings *rs = s->rings;

	if (!rs)
		return;
	char err[256];
	premade_free(rs);
	rt_rings_grow_end(s, err, sizeof(err));
	for (int c = 0; c < rs->n; c++) {
		if (rs->r)
			unmake_ring(&rs->r[c]);
		if (rs->old)
			unmake_ring(&rs->old[c]);
	}
	for (int i = 0; i < rs->nfds; i++)
		if (rs->fds[i] >= 0)
			close(rs->fds[i]);
	for (int i = 0; i < rs->ncnt; i++)
		if (rs->cnt[i].stats)
			close(rs->cnt[i].fd);
	for (int i = 0; i < rs->nft; i++) /* once their statistics are closed */
		rt_ft_remove(&rs->ft[i].ft);
	free(rs->ft);
	rt_promote_free(rs);
	free(rs->r);
	free(rs->old);
	free(rs->fds);
	free(rs->fdcpu);
	free(rs->ids);
	free(rs->byid);
	free(rs->cnt);
	free(rs);
	s->rings = NULL;
}

int rt_rings_instances(const rt_session *s)
{
	return s->rings && s->rings->nft > 0;
}

int rt_rings_fds(rt_session *s, int *fds, int max)
{
	int n = 0;

	for (int c = 0; s->rings && c < s->rings->n && n < max; c++)
		if (s->rings->r[c].fd >= 0)
			fds[n++] = s->rings->r[c].fd;
	return n;
}

/* The samples the event of slot i lost, as the kernel counts them
 * (read_format PERF_FORMAT_LOST: its count, then those). An event read in
 * another format (a counting event, a mark, a reading of a group) says
 * nothing here: its ring's LOST records count its losses. */
static uint64_t lost_of(const rt_rings *rs, int i)
{
	uint64_t v[2];

	if (i >= rs->nids || read_format(rs->ids[i].mode) != PERF_FORMAT_LOST)
		return 0;
	return read(rs->fds[i], v, sizeof(v)) == sizeof(v) ? v[1] : 0;
}

void rt_ring_close(rt_rings *rs, int i)
{
	if (rs->fds[i] < 0)
		return;
	ioctl(rs->fds[i], PERF_EVENT_IOC_DISABLE, 0);
	rs->r[rs->fdcpu[i]].lost_closed += lost_of(rs, i);
	close(rs->fds[i]);
	rs->fds[i] = -1;
}

uint64_t rt_rings_lost(rt_session *s, int cpu)
{
	rt_rings *rs = s->rings;
	uint64_t counted = 0;

	if (!rs || cpu >= rs->n)
		return 0;
	/* the kernel's own count (PERF_FORMAT_LOST) also covers losses whose
	 * PERF_RECORD_LOST never made it into the ring before tracing stopped */
	for (int i = 0; i < rs->nfds; i++)
		if (rs->fdcpu[i] == cpu)
			counted += lost_of(rs, i);
	counted += rs->r[cpu].lost_closed + rs->old[cpu].lost_closed;
	uint64_t told = rs->r[cpu].lost + rs->old[cpu].lost;
	return counted > told ? counted : told;
}

/* The record at the ring's tail, contiguous (copied out if it wraps). */
static const struct perf_event_header *peek(rt_ring *r)
{
	uint64_t off = r->tail & (r->size - 1);
	uint8_t *data = r->base + (r->meta->data_offset ? r->meta->data_offset : 4096);
	const struct perf_event_header *h = (const void *)(data + off);
	struct perf_event_header hdr;

	if (off + sizeof(hdr) <= r->size) {
		hdr = *h;
	} else {
		size_t first = (size_t)(r->size - off);
		memcpy(&hdr, data + off, first);
		memcpy((uint8_t *)&hdr + first, data, sizeof(hdr) - first);
	}
	if (off + hdr.size <= r->size)
		return h;
	size_t first = (size_t)(r->size - off);
	memcpy(r->tmp, data + off, first);
	memcpy(r->tmp + first, data, hdr.size - first);
	return (const void *)r->tmp;
}

const evid *rt_ring_event(rt_rings *rs, uint64_t id)
{
	uint32_t size = 2 * (uint32_t)rs->cap;

	if (!rs->byid || id == (uint64_t)-1)
		return NULL;
	for (uint32_t k = id_slot(id, size); rs->byid[k]; k = (k + 1) & (size - 1))
		if (rs->ids[rs->byid[k] - 1].id == id)
			return &rs->ids[rs->byid[k] - 1];
	return NULL;
}

/* The sample_type of the event that wrote side-band record h, named by
 * the identifier that ends its sample_id; SAMPLE_BASE when unknown. */
static uint64_t sideband_type(rt_rings *rs, const struct perf_event_header *h)
{
	uint64_t id;

	if (h->size < sizeof(*h) + 8)
		return SAMPLE_BASE;
	memcpy(&id, (const uint8_t *)h + h->size - 8, 8);
	const evid *e = rt_ring_event(rs, id);
	return e ? e->sample_type : SAMPLE_BASE;
}

/* The time a record of ring r is merged at: its own stamp, or for an
 * untimed one (rt_session.untimed) the ring's last stamp before it. A
 * thread's untimed samples on a CPU follow its switch onto the CPU, which
 * is stamped, and whatever else it did since is in the same ring: so
 * every COMM, FORK and EXIT record of it, on any CPU, is merged in its
 * order with them. */
static uint64_t record_time(rt_rings *rs, rt_ring *r, const struct perf_event_header *h)
{
	const uint8_t *p = (const uint8_t *)h;
	uint64_t id, type = SAMPLE_BASE, *last = &r->last;
	size_t off;

	if (h->type == PERF_RECORD_SAMPLE) {
		memcpy(&id, p + sizeof(*h), 8);
		const evid *e = rt_ring_event(rs, id);
		if (e)
			type = e->sample_type;
		off = sizeof(*h) + 8 + (type & PERF_SAMPLE_IP ? 8 : 0) + 8;
	} else {
		/* sample_id: tid, time, cpu, identifier (those the event asks for) */
		if (h->size < sizeof(*h) + 8)
			return *last;
		type = sideband_type(rs, h);
		off = h->size - 16 - (type & PERF_SAMPLE_CPU ? 8 : 0);
	}
	if ((type & PERF_SAMPLE_TIME) && off >= sizeof(*h) && off + 8 <= h->size)
		memcpy(last, p + off, 8);
	return *last;
}

/* The bytes of a side-band record that its twin has too (move_cpu): all
 * but the sample_id, and but the time in the body of FORK and EXIT. */
static uint64_t sideband_hash(rt_rings *rs, const struct perf_event_header *h)
{
	const uint8_t *p = (const uint8_t *)h;
	uint64_t type = sideband_type(rs, h), hash = 14695981039346656037ULL;
	size_t n = h->size;

	n -= 8 * (size_t)__builtin_popcountll(type & (PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_ID |
						    PERF_SAMPLE_STREAM_ID | PERF_SAMPLE_CPU |
						    PERF_SAMPLE_IDENTIFIER));
	if (h->type == PERF_RECORD_FORK || h->type == PERF_RECORD_EXIT)
		n = sizeof(*h) + 16;
	for (size_t i = 0; i < n && i < h->size; i++)
		hash = (hash ^ (i == 6 || i == 7 ? 0 : p[i])) * 1099511628211ULL; /* not the size */
	return hash;
}

/* Is side-band record h of ring r the second of twins (move_cpu)? The two
 * follow each other in time: nothing else happens on their CPU between. */
static int second_twin(rt_rings *rs, rt_ring *r, const struct perf_event_header *h)
{
	rt_ring *cpu = &rs->r[r->cpu];

	if (!rs->old[r->cpu].base || !rs->old[r->cpu].twins)
		return 0;
	uint64_t hash = sideband_hash(rs, h);
	int second = cpu->sb_from && cpu->sb_from != r && cpu->sb_hash == hash;
	cpu->sb_hash = hash;
	cpu->sb_from = second ? NULL : r;
	return second;
}

/* A record for the consumer; PERF_RECORD_LOST is counted here. */
static void hand_on(rt_rings *rs, rt_ring *r, const struct perf_event_header *h, rt_record_fn *fn,
		    void *arg)
{
	const evid *e = NULL;
	uint64_t id;

	if (h->type == PERF_RECORD_LOST) {
		uint64_t lost;
		memcpy(&lost, (const uint8_t *)(h + 1) + 8, 8);
		r->lost += lost;
		return;
	}
	if (h->type == PERF_RECORD_SAMPLE) {
		memcpy(&id, h + 1, 8);
		if (!(e = rt_ring_event(rs, id)) || (e->promo && rt_promote_drop(rs, e)))
			return;
	} else if (second_twin(rs, r, h)) {
		return;
	}
	fn(arg, h, !e ? -1 : e->mode == RT_OPEN_READ ? RT_EV_READING : e->ev, e ? e->sample_type : 0, (uint32_t)r->cpu);
}

/* The ring CPU c's next record is read from: of its first ring and its
 * own (rt_rings_grow_end), the one whose next record is older (the first
 * on a tie), with that record's time in *t; NULL (and UINT64_MAX) when
 * both are read. */
static rt_ring *reading(rt_rings *rs, int c, uint64_t *t)
{
	rt_ring *o = &rs->old[c], *r = &rs->r[c];
	int in_o = o->base && o->tail < o->head, in_r = r->base && r->tail < r->head;
	uint64_t to = in_o ? record_time(rs, o, peek(o)) : UINT64_MAX;
	uint64_t tr = in_r ? record_time(rs, r, peek(r)) : UINT64_MAX;

	if (in_r && (!in_o || tr < to)) {
		*t = tr;
		return r;
	}
	*t = to;
	return in_o ? o : NULL;
}

/* What the kernel has written to ring r; what the drain has read of it. */
static void load(rt_ring *r)
{
	if (r->base) {
		r->head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
		r->tail = r->meta->data_tail;
	}
}

static void store(rt_ring *r)
{
	if (r->base)
		__atomic_store_n(&r->meta->data_tail, r->tail, __ATOMIC_RELEASE);
}

void rt_rings_drain(rt_rings *rs, uint64_t cutoff, rt_record_fn *fn, void *arg)
{
	uint64_t next[rs ? rs->n : 1];
	rt_ring *from[rs ? rs->n : 1];

	if (!rs)
		return;
	for (int c = 0; c < rs->n; c++) {
		load(&rs->old[c]);
		load(&rs->r[c]);
		from[c] = reading(rs, c, &next[c]);
	}
	for (;;) {
		int best = -1;
		for (int c = 0; c < rs->n; c++)
			if (next[c] != UINT64_MAX && (best < 0 || next[c] < next[best]))
				best = c;
		if (best < 0 || (next[best] > cutoff && cutoff != UINT64_MAX))
			break;
		rt_ring *r = from[best];
		const struct perf_event_header *h = peek(r);
		hand_on(rs, r, h, fn, arg);
		r->tail += h->size;
		from[best] = reading(rs, best, &next[best]);
	}
	uint64_t now = rt_now();
	for (int c = 0; c < rs->n; c++) {
		rt_ring *o = &rs->old[c];
		store(o);
		store(&rs->r[c]);
		/* a retired first ring, read to its end a while after the move (a
		 * write begun before it is long over): its memory goes back */
		if (o->base && o->retired && o->tail == o->head && now - rs->moved > RETIRE_NS)
			unmake_ring(o);
	}
}

void rt_rings_each_comm(rt_rings *rs, void (*fn)(void *arg, int32_t tid, uint64_t time), void *arg)
{
	for (int c = 0; rs && c < rs->n; c++)
		for (int k = 0; k < 2; k++) {
			rt_ring *r = k ? &rs->r[c] : &rs->old[c];
			if (!r->base)
				continue;
			load(r);
			uint64_t tail = r->tail, last = r->last;
			for (const struct perf_event_header *h; r->tail < r->head; r->tail += h->size) {
				h = peek(r);
				int32_t tid;
				if (h->type == PERF_RECORD_COMM && h->size >= sizeof(*h) + 8) {
					memcpy(&tid, (const uint8_t *)(h + 1) + 4, 4);
					fn(arg, tid, record_time(rs, r, h));
				}
				if (h->size < sizeof(*h))
					break;
			}
			r->tail = tail;
			r->last = last;
		}
}
