/* An event's busiest probes, or busiest CPUs, counted by the kernel.
 * A wide event (raw_syscalls:sys_enter for syscall:::entry) samples every
 * firing of all its probes. When one probe takes most of a CPU's samples
 * and every clause on it only counts keyed by probe names
 * (dtr_clause.countagg), a counting event on the same tracepoint, filtered
 * to that probe (the provider's select), counts it from then on, and a new
 * sampled event whose filter leaves the probe out replaces the old one:
 * the kernel lets a perf event's filter be set only once. When the clauses
 * every sample runs only count keyed by execname, a CPU that takes
 * PROMO_MIN samples between two looks is counted whole (below).
 *
 * The count stays exact. The new events and a marking event, which samples
 * (its identifier only) every firing the old event samples, are one perf
 * group: the kernel enables them at one instant on that CPU, and from then
 * on runs them before the old event for every firing (a tracepoint runs
 * its newest perf events first). So the first record of the group in the
 * CPU's ring is the cut: the old event's samples before it are firings
 * from before, counted as samples; its samples after it are firings the
 * group counts or samples too, and are dropped. At the cut the old and the
 * marking event are closed (the tracepoint stays in use: no RCU grace
 * period). The marking event is not the counting one turned quiet
 * (PERF_EVENT_IOC_PERIOD): its next firing would throttle it, and with it
 * the group, for the rest of the tick. A CPU's event is replaced at most
 * PROMO_GENS - 1 times: each counting event's filter runs for every firing
 * on its CPU.
 *
 * A CPU counted whole keeps one counting event and no sampled event of
 * the wide event: it counts every firing there but dtr's main thread's
 * (and those the event's own filter leaves out), and its count is split
 * by thread where it is read. Members of its group read it
 * (PERF_SAMPLE_READ) at every context switch on the CPU (a software
 * event, sampled as the thread that switches out) and at every rename
 * there (task:task_rename, which prctl(PR_SET_NAME), exec and a write to
 * /proc/self/comm fire as the renaming thread, before its COMM record).
 * What the CPU counted since the last reading goes to the reading's
 * thread, under the name the process table gives it then: the system call
 * that renames a thread counts under the old name, as its probe sees it.
 * A reading's counter is known by the identifier its group's values give
 * it: where two software events sample one context switch, this kernel
 * gives both samples the identifier of one. At print time, what the CPU
 * counted since its last reading goes to the thread its last context
 * switch read brought on (a switch between that read and the print, or at
 * exit between the disabling of the CPU's side-band event and of the
 * group, moves the few firings after it to the thread before it); dtr's
 * own threads' firings go nowhere. A thread renamed by another thread
 * while it runs has its firings since it last came onto its CPU counted
 * under the new name. One event, filtered by one test of the thread
 * (dtr's), runs for each firing: counting the busiest thread apart took
 * two events with filters on the tracepoint, some 50-150 ns more a firing
 * here (a getppid loop on one CPU). The rename readings add a tracepoint,
 * whose last perf event waits for an RCU grace period as it closes (some
 * 20 ms here): dtr exits in two of them, not one (the kernel waits for
 * them one at a time, under its event_mutex; closing the two in two
 * threads saved nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "runtime/ring_impl.h"

#define PROMO_GENS 5
#define TALLY 64              /* probes tallied per CPU, by id modulo */
#define PROMO_MIN 1024        /* samples between two looks that make one busy */
#define WHOLE 1               /* the key a CPU counted whole is tallied and counted under */

typedef struct promo {
	int e, c;                 /* event s->evs[e] on CPU c */
	uint32_t whole;           /* the probe whose clauses every sample runs, keyed by execname:
				   * the CPU is counted whole (WHOLE); 0: probes are counted apart */
	int gen;                  /* the newest generation opened (0: the first event) */
	int seen;                 /* ... and the newest whose first record was read */
	int sslot[PROMO_GENS];    /* each generation's sampled event: its slot in rs->fds, -1 closed */
	int mslot[PROMO_GENS];    /* ... and marking event (none in generation 0) */
	uint32_t key[PROMO_GENS]; /* ... the probe its counting event counts, or WHOLE */
	int cnt[PROMO_GENS];      /* ... and that event's entry in rs->cnt */
	int rslot[2];             /* a CPU counted whole: its readings (open_readings) */
	int32_t on;               /* ... the thread on it, as far as the drain has read (counted_as) */
	uint32_t refused[PROMO_GENS]; /* keys the kernel would not count: not tried again */
	int nrefused;
	struct { uint32_t key, n; } tally[TALLY]; /* samples of each key since the last look */
	uint32_t total;
} promo;

/* May some probe of event ev be counted apart, or a CPU's firings whole
 * (0: no; whole set to the probe whose clauses count per thread, 0 for
 * probes)? A system-wide wide event whose provider can select one
 * probe, in an untimed session (its events are not the side-band ones) ... */
static int promotable(rt_session *s, const prov_event *ev, uint32_t *whole)
{
	if (!s->untimed || !ev->select || ev->pid > 0)
		return 0;
	/* ... with a probe whose clauses only count */
	for (uint32_t k = 0; ev->nprobes > 1 && k < ev->nprobes; k++)
		if (rt_probe_counts_by(s, ev->probes[k], 0))
			return 1;
	/* ... or firing as the current thread (common_pid) clauses that only
	 * count by execname, its first probe's for every sample (no raw data,
	 * rt_sample_type) */
	*whole = rt_fires_as_current(ev) && !(rt_sample_type(s, ev) & PERF_SAMPLE_RAW) ?
		     ev->probes[0] : 0;
	return rt_probe_counts_by(s, *whole, 1);
}

/* Event e on the CPU of slot i, its sampled event: an entry of its own. */
static int add_promo(rt_rings *rs, int e, int i, uint32_t whole)
{
	int c = rs->fdcpu[i];
	promo *n = realloc(rs->promo, (size_t)(rs->npromo + 1) * sizeof(*n));

	if (!n)
		return -1;
	rs->promo = n;
	promo *p = &rs->promo[rs->npromo++];
	memset(p, 0, sizeof(*p));
	p->e = e;
	p->c = c;
	p->whole = whole;
	for (int g = 0; g < PROMO_GENS; g++)
		p->sslot[g] = p->mslot[g] = -1;
	p->rslot[0] = p->rslot[1] = -1;
	p->on = -1;
	p->sslot[0] = i;
	rs->ids[i].promo = rs->npromo;
	rs->promo_of[e * rs->n + c] = rs->npromo;
	return 0;
}

void rt_promote_init(rt_session *s)
{
	rt_rings *rs = s->rings;

	for (int e = 0; rs && e < s->nevs; e++) {
		uint32_t whole = 0;
		if (!promotable(s, &s->evs[e], &whole))
			continue;
		if (!rs->promo_of && !(rs->promo_of = calloc((size_t)s->nevs * (size_t)rs->n, sizeof(int))))
			return;
		rs->promo_nevs = s->nevs;
		for (int i = 0; i < rs->nfds; i++)
			if (rs->ids[i].ev == e && rs->ids[i].id != (uint64_t)-1 &&
			    !rs->promo_of[e * rs->n + rs->fdcpu[i]] && add_promo(rs, e, i, whole) < 0)
				return;
	}
}

void rt_promote_tally(rt_session *s, int ev, uint32_t cpu, uint32_t probe, int32_t tid)
{
	rt_rings *rs = s->rings;

	if (!rs || !rs->npromo || ev >= rs->promo_nevs || (int)cpu >= rs->n)
		return;
	int k = rs->promo_of[ev * rs->n + (int)cpu];
	if (!k)
		return;
	promo *p = &rs->promo[k - 1];
	uint32_t key = p->whole ? WHOLE : probe;
	uint32_t h = key % TALLY;
	if (p->whole)
		p->on = tid; /* (a sample of dtr's own threads is not tallied) */
	if (p->tally[h].key != key) {
		p->tally[h].key = key;
		p->tally[h].n = 0;
	}
	p->tally[h].n++;
	p->total++;
}

/* The thread a CPU counted whole counts for: -1 for none (dtr's own
 * threads, the idle one). */
static int32_t counted_as(const rt_session *s, int32_t pid, int32_t tid)
{
	return pid == s->self || tid <= 0 ? -1 : tid;
}

void rt_promote_reading(rt_session *s, const uint8_t *read, int32_t pid, int32_t tid)
{
	rt_rings *rs = s->rings;
	/* the group's count, then its values with their identifiers, its
	 * leader's (the counting event's) first */
	uint64_t nr, f[2];

	memcpy(&nr, read, 8);
	if (nr < 1)
		return;
	memcpy(f, read + 8, sizeof(f));
	const evid *e = rt_ring_event(rs, f[1]);
	if (!e || !e->promo)
		return;
	counter *k = &rs->cnt[rs->promo[e->promo - 1].cnt[e->gen]];
	/* (no thread: one that has exited, reaped before it switched out for
	 * the last time; the drain knows it came on) */
	if (tid > 0 || pid == s->self)
		k->tid = counted_as(s, pid, tid);
	rt_ring_fold(s, k, f[0]);
}

void rt_promote_switch(rt_session *s, uint32_t cpu, int32_t pid, int32_t tid)
{
	rt_rings *rs = s->rings;

	for (int k = 0; rs && k < rs->npromo; k++) {
		promo *p = &rs->promo[k];
		if (!p->whole || p->c != (int)cpu)
			continue;
		p->on = counted_as(s, pid, tid);
		if (p->gen)
			rs->cnt[p->cnt[p->gen]].tid = p->on;
	}
}

static void close_slot(rt_rings *rs, int *slot)
{
	if (*slot >= 0)
		rt_ring_close(rs, *slot);
	*slot = -1;
}

int rt_promote_drop(rt_rings *rs, const evid *e)
{
	promo *p = &rs->promo[e->promo - 1];

	if (e->gen > p->seen) {
		/* the cut: the events replaced and the marks write nothing more */
		p->seen = e->gen;
		for (int g = 0; g <= p->seen; g++) {
			if (g < p->seen)
				close_slot(rs, &p->sslot[g]);
			close_slot(rs, &p->mslot[g]);
		}
	}
	return e->mode != RT_OPEN_READ && (e->mode == RT_OPEN_MARK || e->gen < p->seen);
}

/* Let go of the fd rt_ring_keep() could not keep (its slot stays, empty). */
static void forget_last(rt_rings *rs)
{
	if (rs->nfds > rs->nids)
		rs->ids[rs->nids++] = (evid){ .id = (uint64_t)-1, .ev = -1, .mode = RT_OPEN_COUNT };
	if (rs->fds[rs->nfds - 1] >= 0)
		close(rs->fds[rs->nfds - 1]);
	rs->fds[rs->nfds - 1] = -1;
}

/* Open ev on p's CPU in mode, for generation g, in group (-1: a leader,
 * left disabled), filtered by own and probe's predicate (see
 * rt_perf_open_as), writing into the CPU's ring. Its slot, or -1. */
static int open_kept(rt_session *s, int k, int g, const prov_event *ev, int mode, int group,
		     uint32_t probe, const char *own)
{
	rt_rings *rs = s->rings;
	promo *p = &rs->promo[k - 1];
	char err[256];

	if (rt_ring_grow(rs) < 0)
		return -1;
	int fd = rt_perf_open_as(s, ev, -1, p->c, mode, group, probe, own, err, sizeof(err));
	if (fd < 0)
		return -1;
	if (rt_ring_keep(s, fd, p->c, ev, p->e, mode, err, sizeof(err)) < 0) {
		forget_last(rs);
		return -1;
	}
	int slot = rs->nfds - 1;
	rs->ids[slot].promo = k;
	rs->ids[slot].gen = g;
	return slot;
}

/* A CPU counted whole, generation g: its counter's readings at each
 * context switch (a software event) and each rename on p's CPU (their
 * slots in p->rslot). group: the counting event's fd. 0, or -1 when the
 * kernel refuses them. */
static int open_readings(rt_session *s, int k, int g, int group)
{
	promo *p = &s->rings->promo[k - 1];
	int id = prov_tracefs_event_id("task", "task_rename");
	prov_event sw = { .attr = { .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_CONTEXT_SWITCHES },
			  .desc = "context switches" };
	prov_event rename = { .attr = { .type = PERF_TYPE_TRACEPOINT, .config = (uint64_t)id },
			      .desc = "task:task_rename" };

	if (id < 0)
		return -1;
	p->rslot[0] = open_kept(s, k, g, &sw, RT_OPEN_READ, group, 0, NULL);
	if (p->rslot[0] >= 0)
		p->rslot[1] = open_kept(s, k, g, &rename, RT_OPEN_READ, group, 0, NULL);
	return p->rslot[1] < 0 ? -1 : 0;
}

/* The filters of promoting probe key of p's event: into sel, its
 * counting event's (the probe's firings); into own, the new sampled
 * event's (none of the probes counted apart; a probe's filter admits
 * only the event's firings). 0, or -1 if they do not fit. */
static int probe_filters(const promo *p, const prov_event *ev, uint32_t key, char *sel, char *own,
			 size_t len)
{
	size_t l = 0;

	for (int h = 1; h <= p->gen + 1; h++) {
		if (ev->select(ev, h <= p->gen ? p->key[h] : key, sel, len) < 0)
			return -1;
		l += (size_t)snprintf(own + l, l < len ? len - l : 0, "%s!(%s)", l ? " && " : "", sel);
	}
	if (ev->filter)
		l += (size_t)snprintf(own + l, l < len ? len - l : 0, " && (%s)", ev->filter);
	return l < len ? 0 : -1;
}

/* Count key on p's CPU in the kernel: a probe apart, or the CPU whole
 * (WHOLE). The counting event leads the group: the sampled (for a probe)
 * or the readings (for the CPU whole), and the marking event, closed when
 * replaced, leave it counting (a group whose leader is closed stops). */
static int promote(rt_session *s, int k, uint32_t key)
{
	rt_rings *rs = s->rings;
	promo *p = &rs->promo[k - 1];
	prov_event *ev = &s->evs[p->e];
	char sel[8192], own[8192];
	int g = p->gen + 1, nfds = rs->nfds;

	if (!p->whole && probe_filters(p, ev, key, sel, own, sizeof(sel)) < 0)
		return -1;
	p->key[g] = key;
	uint32_t probe = p->whole ? p->whole : key;
	int cs = open_kept(s, k, g, ev, RT_OPEN_COUNT, -1, probe, p->whole ? NULL : sel), ss = -1,
	    ms = -1;
	if (cs >= 0 && !p->whole)
		ss = open_kept(s, k, g, ev, RT_OPEN_MAIN, rs->fds[cs], 0, own);
	if (cs >= 0 && (ss >= 0 || p->whole))
		ms = open_kept(s, k, g, ev, RT_OPEN_MARK, rs->fds[cs], 0, NULL);
	int ok = ms >= 0 && (!p->whole || open_readings(s, k, g, rs->fds[cs]) == 0);
	/* counted before it is enabled: a group enabled stays (its marks cut) */
	int counted = ok && rt_ring_counter(rs, rs->fds[cs], p->c, probe, p->whole ? p->on : 0) == 0;
	if (!counted || ioctl(rs->fds[cs], PERF_EVENT_IOC_ENABLE, 0) < 0) {
		rs->ncnt -= counted;
		for (int i = nfds; i < rs->nfds; i++)
			close_slot(rs, &(int){ i });
		p->rslot[0] = p->rslot[1] = -1;
		return -1;
	}
	p->sslot[g] = ss;
	p->mslot[g] = ms;
	p->cnt[g] = rs->ncnt - 1;
	p->gen = g;
	return 0;
}

void rt_promote_run(rt_session *s)
{
	rt_rings *rs = s->rings;

	for (int k = 1; rs && k <= rs->npromo; k++) {
		promo *p = &rs->promo[k - 1];
		uint32_t best = 0, n = 0;
		for (int h = 0; h < TALLY; h++)
			if (p->tally[h].n > n) {
				n = p->tally[h].n;
				best = p->tally[h].key;
			}
		/* busy: most of the CPU's samples; one replacement at a time,
		 * and none while the CPU's first ring is read (rt_rings_grow_end):
		 * the cut is found in ring order, and the drain merges the two
		 * rings' untimed samples by the stamps before them */
		const rt_ring *first = &rs->old[p->c];
		int busy = n >= PROMO_MIN && 2 * n >= p->total && p->seen == p->gen &&
			   p->gen + 1 < PROMO_GENS &&
			   (!first->base || (first->retired && first->tail == first->head));
		for (int i = 0; busy && i < p->nrefused; i++)
			busy = p->refused[i] != best;
		for (int g = 1; busy && g <= p->gen; g++)
			busy = p->key[g] != best; /* its last samples before the cut */
		if (busy && (p->whole ? p->on > 0 : rt_probe_counts_by(s, best, 0)) &&
		    promote(s, k, best) < 0 && p->nrefused < PROMO_GENS)
			p->refused[p->nrefused++] = best;
		memset(p->tally, 0, sizeof(p->tally));
		p->total = 0;
	}
}

void rt_promote_free(rt_rings *rs)
{
	free(rs->promo);
	free(rs->promo_of);
	rs->promo = NULL;
	rs->promo_of = NULL;
	rs->npromo = 0;
}
