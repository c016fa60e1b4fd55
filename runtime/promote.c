/* A wide event's busiest probes counted by the kernel. A wide event
 * (raw_syscalls:sys_enter for syscall:::entry) samples every firing of all
 * its probes. When one probe takes most of a CPU's samples and every
 * clause on it only counts (dtr_clause.countagg), a counting event on the
 * same tracepoint, filtered to that probe (the provider's select), counts
 * it from then on, and a new sampled event whose filter leaves the probe
 * out replaces the old one: the kernel lets a perf event's filter be set
 * only once.
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
 * on its CPU. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "runtime/ring_impl.h"

#define PROMO_GENS 5
#define TALLY 64              /* probes tallied per CPU, by probe id modulo */
#define PROMO_MIN 1024        /* samples between two looks that make a probe busy */

typedef struct promo {
	int e, c;                 /* event s->evs[e] on CPU c */
	int gen;                  /* the newest generation opened (0: the first event) */
	int seen;                 /* ... and the newest whose first record was read */
	int sslot[PROMO_GENS];    /* each generation's sampled event: its slot in rs->fds, -1 closed */
	int mslot[PROMO_GENS];    /* ... and marking event (none in generation 0) */
	uint32_t probe[PROMO_GENS]; /* ... and the probe its counting event counts */
	uint32_t refused[PROMO_GENS]; /* probes the kernel would not count: not tried again */
	int nrefused;
	struct { uint32_t probe, n; } tally[TALLY]; /* samples of each probe since the last look */
	uint32_t total;
} promo;

/* May some probe of event ev be counted apart? A wide event whose
 * provider can select one probe, in an untimed session (its events are
 * not the side-band ones) ... */
static int promotable(rt_session *s, const prov_event *ev)
{
	if (!s->untimed || !ev->select || ev->nprobes < 2 || ev->pid > 0)
		return 0;
	/* ... with a probe whose clauses only count */
	for (uint32_t k = 0; k < ev->nprobes; k++)
		if (rt_probe_counts_only(s, ev->probes[k]))
			return 1;
	return 0;
}

/* Event e on the CPU of slot i, its sampled event: an entry of its own. */
static int add_promo(rt_rings *rs, int e, int i)
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
	for (int g = 0; g < PROMO_GENS; g++)
		p->sslot[g] = p->mslot[g] = -1;
	p->sslot[0] = i;
	rs->ids[i].promo = rs->npromo;
	rs->promo_of[e * rs->n + c] = rs->npromo;
	return 0;
}

void rt_promote_init(rt_session *s)
{
	rt_rings *rs = s->rings;

	for (int e = 0; rs && e < s->nevs; e++) {
		if (!promotable(s, &s->evs[e]))
			continue;
		if (!rs->promo_of && !(rs->promo_of = calloc((size_t)s->nevs * (size_t)rs->n, sizeof(int))))
			return;
		rs->promo_nevs = s->nevs;
		for (int i = 0; i < rs->nfds; i++)
			if (rs->ids[i].ev == e && rs->ids[i].id != (uint64_t)-1 &&
			    !rs->promo_of[e * rs->n + rs->fdcpu[i]] && add_promo(rs, e, i) < 0)
				return;
	}
}

void rt_promote_tally(rt_session *s, int ev, uint32_t cpu, uint32_t probe)
{
	rt_rings *rs = s->rings;

	if (!rs || !rs->npromo || ev >= rs->promo_nevs || (int)cpu >= rs->n)
		return;
	int k = rs->promo_of[ev * rs->n + (int)cpu];
	if (!k)
		return;
	promo *p = &rs->promo[k - 1];
	uint32_t h = probe % TALLY;
	if (p->tally[h].probe != probe) {
		p->tally[h].probe = probe;
		p->tally[h].n = 0;
	}
	p->tally[h].n++;
	p->total++;
}

static void close_slot(rt_rings *rs, int *slot)
{
	if (*slot >= 0 && rs->fds[*slot] >= 0) {
		ioctl(rs->fds[*slot], PERF_EVENT_IOC_DISABLE, 0);
		close(rs->fds[*slot]);
		rs->fds[*slot] = -1;
	}
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
	return e->mark || e->gen < p->seen;
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

/* Open event p->e on p's CPU in mode, for generation g, in group (-1: a
 * leader, left disabled), filtered by own and probe's predicate (see
 * rt_perf_open_as), writing into the CPU's ring. Its slot, or -1. */
static int open_kept(rt_session *s, int k, int g, int mode, int group, uint32_t probe, const char *own)
{
	rt_rings *rs = s->rings;
	promo *p = &rs->promo[k - 1];
	char err[256];

	if (rt_ring_grow(rs) < 0)
		return -1;
	int fd = rt_perf_open_as(s, &s->evs[p->e], -1, p->c, mode, group, probe, own, err, sizeof(err));
	if (fd < 0)
		return -1;
	if (rt_ring_keep(s, fd, p->c, &s->evs[p->e], p->e, mode, err, sizeof(err)) < 0) {
		forget_last(rs);
		return -1;
	}
	int slot = rs->nfds - 1;
	rs->ids[slot].promo = k;
	rs->ids[slot].gen = g;
	rs->ids[slot].mark = mode == RT_OPEN_MARK;
	return slot;
}

/* Count probe in the kernel on p's CPU. The counting event leads the
 * group: the sampled and the marking event, closed when replaced, leave
 * it counting (a group whose leader is closed stops). */
static int promote(rt_session *s, int k, uint32_t probe)
{
	rt_rings *rs = s->rings;
	promo *p = &rs->promo[k - 1];
	prov_event *ev = &s->evs[p->e];
	char sel[256], own[8192];
	size_t l = 0;
	int g = p->gen + 1;

	p->probe[g] = probe;
	/* the new sampled event: none of the probes counted apart */
	for (int h = 1; h <= g; h++) {
		if (ev->select(ev, p->probe[h], sel, sizeof(sel)) < 0)
			return -1;
		l += (size_t)snprintf(own + l, l < sizeof(own) ? sizeof(own) - l : 0, "%s!(%s)",
				      l ? " && " : "", sel);
	}
	if (ev->filter)
		l += (size_t)snprintf(own + l, l < sizeof(own) ? sizeof(own) - l : 0, " && (%s)", ev->filter);
	if (l >= sizeof(own) || ev->select(ev, probe, sel, sizeof(sel)) < 0)
		return -1;
	int cs = open_kept(s, k, g, RT_OPEN_COUNT, -1, probe, sel), ss = -1, ms = -1;
	if (cs >= 0)
		ss = open_kept(s, k, g, RT_OPEN_MAIN, rs->fds[cs], 0, own);
	if (ss >= 0)
		ms = open_kept(s, k, g, RT_OPEN_MARK, rs->fds[cs], 0, NULL);
	/* counted before it is enabled: a group enabled stays (its marks cut) */
	int counted = ms >= 0 && rt_ring_counter(rs, rs->fds[cs], p->c, probe) == 0;
	if (!counted || ioctl(rs->fds[cs], PERF_EVENT_IOC_ENABLE, 0) < 0) {
		rs->ncnt -= counted;
		close_slot(rs, &ms);
		close_slot(rs, &ss);
		close_slot(rs, &cs);
		return -1;
	}
	p->sslot[g] = ss;
	p->mslot[g] = ms;
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
				best = p->tally[h].probe;
			}
		/* busy: most of the CPU's samples; one replacement at a time */
		int busy = n >= PROMO_MIN && 2 * n >= p->total && p->seen == p->gen &&
			   p->gen + 1 < PROMO_GENS;
		for (int i = 0; busy && i < p->nrefused; i++)
			busy = p->refused[i] != best;
		for (int g = 1; busy && g <= p->gen; g++)
			busy = p->probe[g] != best; /* its last samples before the cut */
		if (busy && rt_probe_counts_only(s, best) && promote(s, k, best) < 0 &&
		    p->nrefused < PROMO_GENS)
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
