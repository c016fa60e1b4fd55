/* An event's busiest probes, or busiest threads, counted by the kernel.
 * A wide event (raw_syscalls:sys_enter for syscall:::entry) samples every
 * firing of all its probes. When one probe takes most of a CPU's samples
 * and every clause on it only counts keyed by probe names
 * (dtr_clause.countagg), a counting event on the same tracepoint, filtered
 * to that probe (the provider's select), counts it from then on, and a new
 * sampled event whose filter leaves the probe out replaces the old one:
 * the kernel lets a perf event's filter be set only once. When the clauses
 * every sample runs only count keyed by execname, the same is done for the
 * thread that takes most of a CPU's samples (filtered by common_pid).
 *
 * The count stays exact. The new pair and a marking event, which samples
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
 * A thread's count is keyed by its execname at each firing. Members of
 * its group read the counter (PERF_SAMPLE_READ) where the name may change:
 * a software event at every context switch on the CPU (the thread's own
 * switches out among them), and the new sampled event at each of its
 * samples, among which the thread's prctl, execve and execveat: those
 * calls are not counted but sampled (so the counter's count is the same
 * whichever of the two the kernel runs first), and their samples come
 * before the COMM record in the ring. When a newer generation replaces
 * that sampled event, a sampled event for the thread's prctl, execve and
 * execveat alone joins the group first (its group is enabled: it counts
 * at once); till then two events' filters, not three, run for each of the
 * thread's calls. A reading's counter is known by the identifier
 * its group's values give it: where two software events sample one
 * context switch, this kernel gives both samples the identifier of one.
 * What it counted since the last reading goes to the name the process
 * table gives it at the reading, which the records before it in time have
 * kept current; what it counted since its last reading, to the name it
 * has when printed or when it exits (when its readings close). A thread
 * renamed by another thread while it runs, or by its own write to
 * /proc/self/comm, has its firings since it last came onto the CPU
 * counted under the new name (its samples would have gone under the old).
 * The readings add no tracepoint: closing a tracepoint's last perf event
 * waits for an RCU grace period (some 20 ms here), which dtr's exit would
 * wait for once more per tracepoint. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/ring_impl.h"

#define PROMO_GENS 5
#define TALLY 64              /* probes or threads tallied per CPU, by id modulo */
#define PROMO_MIN 1024        /* samples between two looks that make one busy */

typedef struct promo {
	int e, c;                 /* event s->evs[e] on CPU c */
	uint32_t by_thread;       /* the probe whose clauses every sample runs, keyed by execname:
				   * threads are counted apart; 0: probes are */
	int gen;                  /* the newest generation opened (0: the first event) */
	int seen;                 /* ... and the newest whose first record was read */
	int sslot[PROMO_GENS];    /* each generation's sampled event: its slot in rs->fds, -1 closed */
	int mslot[PROMO_GENS];    /* ... and marking event (none in generation 0) */
	uint32_t key[PROMO_GENS]; /* ... the probe or thread its counting event counts */
	int cnt[PROMO_GENS];      /* ... and that event's entry in rs->cnt */
	int rslot[PROMO_GENS][2]; /* ... and a thread's readings (open_readings), -1 closed */
	uint32_t refused[PROMO_GENS]; /* keys the kernel would not count: not tried again */
	int nrefused;
	struct { uint32_t key, n; } tally[TALLY]; /* samples of each key since the last look */
	uint32_t total;
} promo;

/* May some probe or thread of event ev be counted apart (0: no; by_thread
 * set to the probe whose clauses count per thread, 0 for probes)? A
 * system-wide wide event whose provider can select one probe, in an
 * untimed session (its events are not the side-band ones) ... */
static int promotable(rt_session *s, const prov_event *ev, uint32_t *by_thread)
{
	if (!s->untimed || !ev->select || ev->pid > 0)
		return 0;
	/* ... with a probe whose clauses only count */
	for (uint32_t k = 0; ev->nprobes > 1 && k < ev->nprobes; k++)
		if (rt_probe_counts_by(s, ev->probes[k], 0))
			return 1;
	/* ... or firing as the current thread (common_pid) clauses that only
	 * count by execname, its first probe's for every sample (no raw data,
	 * rt_sample_type); its tracepoint, raw_syscalls', sees the renames */
	*by_thread = rt_fires_as_current(ev) && !(rt_sample_type(s, ev) & PERF_SAMPLE_RAW) ?
		     ev->probes[0] : 0;
	return rt_probe_counts_by(s, *by_thread, 1);
}

/* Event e on the CPU of slot i, its sampled event: an entry of its own. */
static int add_promo(rt_rings *rs, int e, int i, uint32_t by_thread)
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
	p->by_thread = by_thread;
	for (int g = 0; g < PROMO_GENS; g++)
		p->sslot[g] = p->mslot[g] = p->rslot[g][0] = p->rslot[g][1] = -1;
	p->sslot[0] = i;
	rs->ids[i].promo = rs->npromo;
	rs->promo_of[e * rs->n + c] = rs->npromo;
	return 0;
}

void rt_promote_init(rt_session *s)
{
	rt_rings *rs = s->rings;

	for (int e = 0; rs && e < s->nevs; e++) {
		uint32_t by_thread = 0;
		if (!promotable(s, &s->evs[e], &by_thread))
			continue;
		if (!rs->promo_of && !(rs->promo_of = calloc((size_t)s->nevs * (size_t)rs->n, sizeof(int))))
			return;
		rs->promo_nevs = s->nevs;
		for (int i = 0; i < rs->nfds; i++)
			if (rs->ids[i].ev == e && rs->ids[i].id != (uint64_t)-1 &&
			    !rs->promo_of[e * rs->n + rs->fdcpu[i]] && add_promo(rs, e, i, by_thread) < 0)
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
	uint32_t key = p->by_thread ? (uint32_t)tid : probe;
	uint32_t h = key % TALLY;
	if (p->tally[h].key != key) {
		p->tally[h].key = key;
		p->tally[h].n = 0;
	}
	p->tally[h].n++;
	p->total++;
}

/* A reading's counter is its group's leader, known by the identifier the
 * group's values give it (PERF_FORMAT_ID), not by the sample's own: where
 * two software events sample one context switch, this kernel gives both
 * samples the identifier of one of them. */
void rt_promote_reading(rt_session *s, const uint8_t *read)
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
	if (e && e->promo)
		rt_ring_fold(s, &rs->cnt[rs->promo[e->promo - 1].cnt[e->gen]], f[0]);
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
	return !e->reading && (e->mark || e->gen < p->seen);
}

/* Let go of the fd rt_ring_keep() could not keep (its slot stays, empty). */
static void forget_last(rt_rings *rs)
{
	if (rs->nfds > rs->nids)
		rs->ids[rs->nids++] = (evid){ .id = (uint64_t)-1, .ev = -1 };
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
	rs->ids[slot].mark = mode == RT_OPEN_MARK;
	rs->ids[slot].reading = mode == RT_OPEN_READ;
	return slot;
}

/* The system calls by which a thread may rename itself (its writes to
 * /proc/self/comm aside): a thread's are left to the samples, ordered
 * with its COMM record, and read its counter (open_readings). */
#define RENAMES "id == " STR(SYS_prctl) " || id == " STR(SYS_execve) " || id == " STR(SYS_execveat)
#define STR(x) STR_(x)
#define STR_(x) #x

/* A filter admitting only key's firings of p's event: the probe's, or the
 * thread's but its RENAMES. Its length, or -1. */
static int select_key(const promo *p, const prov_event *ev, uint32_t key, char *buf, size_t len)
{
	if (!p->by_thread)
		return ev->select(ev, key, buf, len);
	int l = snprintf(buf, len, "common_pid == %d && !(%s)", (int32_t)key, RENAMES);
	return l < (int)len ? l : -1;
}

/* Generation g's readings of its thread's counter on p's CPU (their
 * slots in p->rslot[g]): at each context switch there (which = 0: a
 * software event, no tracepoint, see above), or where the thread may
 * rename itself (1: prctl, execve, execveat, on p's own tracepoint). The
 * generation's sampled event reads it too while it lasts, at every
 * sample; the renames' reading replaces it when a newer generation is
 * promoted. group: the counting event's fd. 0, or -1 when the kernel
 * refuses it. */
static int open_reading(rt_session *s, int k, int g, int which, int group)
{
	promo *p = &s->rings->promo[k - 1];
	prov_event sw = { .attr = { .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_CONTEXT_SWITCHES },
			  .desc = "context switches" };
	char own[128];

	snprintf(own, sizeof(own), "common_pid == %d && (%s)", (int32_t)p->key[g], RENAMES);
	p->rslot[g][which] = open_kept(s, k, g, which ? &s->evs[p->e] : &sw, RT_OPEN_READ, group, 0,
				       which ? own : NULL);
	return p->rslot[g][which] < 0 ? -1 : 0;
}

/* Count key in the kernel on p's CPU. The counting event leads the group:
 * the sampled and the marking event, closed when replaced, leave it
 * counting (a group whose leader is closed stops). */
static int promote(rt_session *s, int k, uint32_t key)
{
	rt_rings *rs = s->rings;
	promo *p = &rs->promo[k - 1];
	prov_event *ev = &s->evs[p->e];
	char sel[8192], own[8192];
	size_t l = 0;
	int g = p->gen + 1, prev = p->gen, nfds;

	p->key[g] = key;
	/* the new sampled event: none of the keys counted apart */
	for (int h = 1; h <= g; h++) {
		if (select_key(p, ev, p->key[h], sel, sizeof(sel)) < 0)
			return -1;
		l += (size_t)snprintf(own + l, l < sizeof(own) ? sizeof(own) - l : 0, "%s!(%s)",
				      l ? " && " : "", sel);
	}
	if (ev->filter)
		l += (size_t)snprintf(own + l, l < sizeof(own) ? sizeof(own) - l : 0, " && (%s)", ev->filter);
	int m = select_key(p, ev, key, sel, sizeof(sel));
	/* a probe's filter admits only the event's firings, a thread's all */
	if (m >= 0 && p->by_thread && ev->filter)
		m += snprintf(sel + m, sizeof(sel) - (size_t)m, " && (%s)", ev->filter);
	if (l >= sizeof(own) || m < 0 || m >= (int)sizeof(sel))
		return -1;
	uint32_t probe = p->by_thread ? p->by_thread : key;
	/* the thread counted last reads its renames apart once its sampled
	 * event is cut (unless it has exited); kept if this promotion fails */
	if (p->by_thread && prev >= 1 && p->rslot[prev][0] >= 0 && p->rslot[prev][1] < 0 &&
	    open_reading(s, k, prev, 1, rs->cnt[p->cnt[prev]].fd) < 0)
		return -1;
	nfds = rs->nfds;
	int cs = open_kept(s, k, g, ev, RT_OPEN_COUNT, -1, probe, sel), ss = -1, ms = -1;
	if (cs >= 0)
		ss = open_kept(s, k, g, ev, p->by_thread ? RT_OPEN_MAIN_READ : RT_OPEN_MAIN, rs->fds[cs], 0, own);
	if (ss >= 0)
		ms = open_kept(s, k, g, ev, RT_OPEN_MARK, rs->fds[cs], 0, NULL);
	int ok = ms >= 0 && (!p->by_thread || open_reading(s, k, g, 0, rs->fds[cs]) == 0);
	/* counted before it is enabled: a group enabled stays (its marks cut) */
	int counted = ok && rt_ring_counter(rs, rs->fds[cs], p->c, probe,
					    p->by_thread ? (int32_t)key : 0) == 0;
	if (!counted || ioctl(rs->fds[cs], PERF_EVENT_IOC_ENABLE, 0) < 0) {
		rs->ncnt -= counted;
		for (int i = nfds; i < rs->nfds; i++)
			close_slot(rs, &(int){ i });
		return -1;
	}
	p->sslot[g] = ss;
	p->mslot[g] = ms;
	p->cnt[g] = rs->ncnt - 1;
	p->gen = g;
	return 0;
}

void rt_promote_exit(rt_session *s, int32_t tid)
{
	rt_rings *rs = s->rings;

	for (int k = 1; rs && tid > 0 && k <= rs->npromo; k++) {
		promo *p = &rs->promo[k - 1];
		for (int g = 1; p->by_thread && g <= p->gen; g++) {
			if (p->key[g] != (uint32_t)tid || p->rslot[g][0] < 0)
				continue;
			/* all it counted, under the name it ends with */
			rt_ring_fold_now(s, &rs->cnt[p->cnt[g]]);
			close_slot(rs, &p->rslot[g][0]);
			close_slot(rs, &p->rslot[g][1]);
		}
	}
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
		if (busy && (p->by_thread ? best != 0 : rt_probe_counts_by(s, best, 0)) &&
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
