/* The rings' own state, shared by ring.c (the rings, the events writing
 * into them, the drain) and promote.c (a wide event's busiest probes moved
 * to counting events): not for the rest of the runtime. */
#ifndef DTR_RING_IMPL_H
#define DTR_RING_IMPL_H

#include <pthread.h>
#include <stdint.h>

#include "runtime/ftcount.h"
#include "runtime/rt.h"

typedef struct rt_ring {
	int cpu;
	int fd;                 /* the dummy event that owns the ring; -1 if none */
	uint8_t *base;          /* mmap: one meta page, then data */
	struct perf_event_mmap_page *meta;
	uint64_t size;          /* data bytes, a power of two */
	uint64_t head, tail;
	uint64_t lost;
	uint64_t lost_closed;   /* samples lost by the CPU's events closed since (rt_ring_close) */
	uint8_t *tmp;           /* a record copied out when it wraps */
	uint64_t last;          /* the time of the CPU's last stamped record read (see record_time) */
	int sideband;           /* an event on this CPU reports COMM, FORK and EXIT */
	int dummy;              /* 1 + the slot in rs->fds of the dummy event that does (untimed
				 * session); 0: none */
	int offline;            /* its CPU is */
	int retired;            /* a first ring whose events have all moved (rt_rings_grow_end) */
	int twins;              /* a first ring whose side-band records the full ring's dummy
				 * also had while the events moved (move_cpu) */
	uint64_t sb_hash;       /* the CPU's last side-band record read, while there are twins ... */
	const struct rt_ring *sb_from; /* ... and the ring it came from */
} rt_ring;

typedef struct evid {
	uint64_t id;
	int ev;
	uint64_t sample_type;
	int promo;              /* 1 + its entry in rt_rings.promo; 0: none */
	int gen;                /* ... the generation it belongs to */
	int mode;               /* how it was opened (RT_OPEN_*): RT_OPEN_MARK's samples only
	                         * mark the cut, RT_OPEN_READ's read its group's counter */
} evid;

/* A counting event: one probe's firings on one CPU, or all firings there
 * of an event whose clauses are probe's, split by thread (tid: the thread
 * they are counted for till the next reading, promote.c), read at print
 * time and at each reading. */
typedef struct counter {
	int fd, cpu;
	int stats;              /* fd is a tracefs instance's statistics (ftcount.h), not an event */
	uint32_t probe;
	int32_t tid;            /* 0: none; -1: a thread whose firings are not counted */
	uint64_t last;          /* the value already folded into the aggregations */
} counter;

typedef struct rt_rings {
	rt_ring *r;
	rt_ring *old;           /* each CPU's first, smaller ring: read before r (rt_rings_grow_end) */
	struct growjob *grow;   /* the full rings being made */
	uint64_t moved;         /* when the events moved into them */
	int n;
	uint64_t size;          /* the data bytes each CPU's ring is to have */
	uint64_t start_size;    /* ... and has when made: START_RING until they grow */
	int *fds;
	int *fdcpu;             /* the CPU of each fd */
	int nfds;
	evid *ids;
	int nids;
	int cap;                /* room in fds, fdcpu and ids */
	int *byid;              /* 1 + the index in ids of an identifier, by its hash (2 * cap slots); 0: none */
	counter *cnt;
	int ncnt;
	struct ftcounted {      /* events counted in tracefs instances: each one's */
		rt_ft ft;
		int ev;
		int failed;     /* ... or the perf events that count it instead */
	} *ft;
	int nft;
	rt_ring *pre;           /* each CPU's first ring made ahead (rt_rings_premake) */
	uint8_t *pre_by;        /* ... who makes it (PRE_*), under pre_mu */
	pthread_mutex_t pre_mu;
	pthread_cond_t pre_cv;  /* a ring the helper was making is made */
	struct promo *promo;    /* wide events whose busiest probes may be counted (promote.c) */
	int npromo;
	int *promo_of;          /* 1 + the entry of event e on CPU c at [e * n + c]; 0: none */
	int promo_nevs;         /* ... for the events e below this */
} rt_rings;

/* ring.c, for promote.c: room for one more fd (0 or -ENOMEM); keep fd,
 * opened in mode for event s->evs[e] on CPU c, writing into the CPU's ring
 * (its slot is rs->nfds - 1 then); open event ev filtered by own instead of
 * its own filter, in group (-1: none), with probe's pushed predicate (0:
 * the event's); the event with identifier id, or NULL; may every clause on
 * probe p be counted by the kernel, keyed by probe names (by_thread 0) or
 * by execname (1)? */
int rt_ring_grow(rt_rings *rs);
/* ring.c, for promote.c: close the event of slot i, keeping the count of
 * samples it lost (the LOST record of a ring no event writes into again
 * is never written). */
void rt_ring_close(rt_rings *rs, int i);
int rt_ring_keep(rt_session *s, int fd, int c, const prov_event *ev, int e, int mode, char *err,
		 size_t errlen);
int rt_perf_open_as(rt_session *s, const prov_event *ev, int pid, int cpu, int mode, int group,
		    uint32_t probe, const char *own, char *err, size_t errlen);
const evid *rt_ring_event(rt_rings *rs, uint64_t id);
int rt_probe_counts_by(rt_session *s, uint32_t p, int by_thread);
/* ring.c: fold counting event fd, probe's firings on CPU c (tid's only, if
 * not 0), into the aggregations at print time (rt_rings_fold_counts); 0 or
 * -ENOMEM. Fold k's firings up to its value v; up to its value now. */
int rt_ring_counter(rt_rings *rs, int fd, int c, uint32_t probe, int32_t tid);
void rt_ring_fold(rt_session *s, counter *k, uint64_t v);
void rt_ring_fold_now(rt_session *s, counter *k);

/* Does event ev fire as the current task, whose comm and pid a filter
 * tests (the probe's execname and tid)? */
static inline int rt_fires_as_current(const prov_event *ev)
{
	return ev->has_pid_field && !ev->pid_field;
}

/* promote.c, for the drain: is the sample of event e to be dropped (a
 * mark, or a sample of an event replaced before it)? Takes note of the
 * cut a new generation's first record makes. */
int rt_promote_drop(rt_rings *rs, const evid *e);
void rt_promote_free(rt_rings *rs);

#endif
