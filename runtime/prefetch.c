/* Early reads of user memory for copyinstr() and copyin(): the consumer runs clauses a
 * few milliseconds after their events, when a short-lived process may be
 * gone. When a clause uses copyinstr, a second copy of each kernel event
 * wakes a reader on every sample (wakeup_events=1), which reads the
 * strings every pointer argument points to at once and keeps its CPU's
 * last reads in time order for the VM's copyinstr to consult first. There
 * is one reader per CPU, pinned to it and real-time where permitted: an
 * event wakes the reader of its own CPU, which preempts the traced thread
 * there, so the memory is read while that thread is stopped, however busy
 * the other CPUs are. The events leave the readers' own system calls out. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "runtime/rt.h"

#define RING_PAGES 64
/* the reads one CPU's reader keeps, newest last: the consumer looks an
 * event's up milliseconds later, after every read made meanwhile, however
 * many went to the same buffer (a loop reusing one) */
#define KEEP 16384
/* The eager copy of an event is written before the event itself (here
 * 10-30 us before: the reader's wake-up interrupt comes between them,
 * milliseconds when the host preempts the virtual CPU then), so an
 * event's copy is the last one of its address at or before it, within
 * SAME_EVENT_NS. The thread's next event comes after the reader has run
 * (a context switch and back), so AFTER_NS later still takes a copy
 * written just after the event. Failed reads are kept too. */
#define SAME_EVENT_NS 20000000
#define AFTER_NS 2000
#define FAILED UINT32_MAX  /* slot.len of a read that failed at the event */

typedef struct slot {
	int32_t pid, tid;
	uint32_t len;       /* bytes read (a string, or copyin()'s bytes); FAILED */
	uint32_t cut;       /* the read stopped at strsize: more may follow */
	uint64_t addr;
	uint64_t time;      /* the event's timestamp: an address is reused */
} slot;

typedef struct pring {
	struct rt_prefetch *p;
	int cpu;
	int fd;
	uint8_t *base;
	struct perf_event_mmap_page *meta; /* set last, once the ring is made (the reader starts before) */
	uint64_t size;
	int ep;             /* this CPU's reader waits here */
	pthread_t thread;
	int running;
	uint8_t *tmp;       /* a record copied out when it wraps */
	pid_t tid;          /* the reader's thread, once it runs */
	pthread_mutex_t lock; /* the reads below: this reader's, the consumer's */
	slot *slots;        /* KEEP, read n at slots[n % KEEP], in time order */
	char *data;         /* ... and its strsize bytes at data[n % KEEP * strsize] */
	uint64_t n;         /* reads made */
} pring;

struct rt_prefetch {
	rt_session *s;
	int stop;
	int wake;           /* an eventfd in every reader's epoll set: written to stop them */
	pring *rings;
	int nrings;
	int *fds;
	int nfds;
	struct { uint64_t id; int ev; uint64_t type; } *ids;
	int nids;
	uint16_t *want;     /* probe id -> the args its clauses copy (dtr_clause.copyin) */
	uint32_t strsize;
};

long rt_read_user(int32_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };
	ssize_t n;

	if (addr == 0 || pid <= 0)
		return -1;
	n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	if (n >= 0 || errno != EFAULT || len <= 1)
		return n;
	/* the string may end before a page it does not reach: read page by page */
	size_t got = 0;
	while (got < len) {
		size_t chunk = 4096 - ((addr + got) & 4095);
		if (chunk > len - got)
			chunk = len - got;
		local = (struct iovec){ (char *)buf + got, chunk };
		remote = (struct iovec){ (void *)(uintptr_t)(addr + got), chunk };
		if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != (ssize_t)chunk)
			break;
		if (memchr((char *)buf + got, 0, chunk))
			return (long)(got + chunk);
		got += chunk;
	}
	return got ? (long)got : -1;
}

static void remember(pring *r, int32_t pid, int32_t tid, uint64_t addr, uint64_t time)
{
	char buf[4096];
	size_t max = r->p->strsize - 1;
	long n = rt_read_user(pid, addr, buf, max);
	size_t len = n < 0 ? 0 : (size_t)n;

	pthread_mutex_lock(&r->lock);
	uint64_t k = r->n % KEEP;
	char *data = r->data + k * r->p->strsize;
	r->slots[k] = (slot){ .pid = pid, .tid = tid, .len = n < 0 ? FAILED : (uint32_t)len,
			      .cut = len == max, .addr = addr, .time = time };
	memcpy(data, buf, len);
	data[len] = 0;
	r->n++;
	pthread_mutex_unlock(&r->lock);
}

/* In ring r, the event's read (the last at or just after time, and later
 * than *best) of pid's addr (by thread tid, unless 0), or with inside,
 * the one [addr, addr + len) lies in (copyin(arg1 + 2, n) of what an
 * argument pointed to). Called with r->lock held; NULL when there is none. */
static const slot *nearest(const pring *r, int32_t pid, int32_t tid, uint64_t addr, size_t len,
			   uint64_t time, int inside, uint64_t *best)
{
	uint64_t first = r->n > KEEP ? r->n - KEEP : 0, lo = first, hi = r->n;

	/* back from the first read after time + AFTER_NS: the reads are in
	 * time order, but for an interrupt's event written inside another's */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (r->slots[mid % KEEP].time <= time + AFTER_NS)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (uint64_t i = lo; i-- > first;) {
		const slot *c = &r->slots[i % KEEP];
		if (c->time < *best)
			break;
		if (c->pid != pid || (tid && c->tid != tid) || c->time > time + AFTER_NS)
			continue;
		if (inside ? c->len != FAILED && addr > c->addr && addr - c->addr < c->len &&
				     len <= c->len - (addr - c->addr)
			   : c->addr == addr) {
			*best = c->time;
			return c;
		}
	}
	return NULL;
}

long rt_prefetch_lookup(rt_prefetch *p, int32_t pid, int32_t tid, uint64_t addr, uint64_t time,
			void *buf, size_t len)
{
	long n = -1;
	int seen = 0;

	/* the read of the address itself, else one it lies inside */
	for (int inside = 0; p && inside < 2 && !seen; inside++) {
		uint64_t best = time > SAME_EVENT_NS ? time - SAME_EVENT_NS : 0;
		for (int i = 0; i < p->nrings; i++) {
			pring *r = &p->rings[i];
			pthread_mutex_lock(&r->lock);
			const slot *c = nearest(r, pid, tid, addr, len, time, inside, &best);
			const char *data = c ? r->data + (size_t)(c - r->slots) * p->strsize : NULL;
			seen |= c != NULL;
			if (!c) {
				/* none later here */
			} else if (inside) {
				n = (long)len;
				memcpy(buf, data + (addr - c->addr), len);
			} else if (c->len == FAILED) {
				n = RT_PREFETCH_FAULT; /* invalid when the event fired: not read later */
			} else if (c->cut && c->len < len) {
				n = -1; /* copyin() of more than was read early: read it now instead */
			} else {
				n = c->len < len ? c->len : (long)len;
				memcpy(buf, data, (size_t)n);
				if ((size_t)n < len)
					((char *)buf)[n] = 0;
			}
			pthread_mutex_unlock(&r->lock);
		}
	}
	return n;
}

static int user_pointer(uint64_t a)
{
	return a >= 0x10000 && a < 0x800000000000ULL;
}

static void drain(pring *r)
{
	rt_prefetch *p = r->p;
	if (!__atomic_load_n(&r->meta, __ATOMIC_ACQUIRE))
		return;
	uint64_t head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE), tail = r->meta->data_tail;
	uint8_t *data = r->base + 4096;

	while (tail < head) {
		uint64_t off = tail & (r->size - 1);
		struct perf_event_header hdr;
		const struct perf_event_header *h;
		memcpy(&hdr, data + off, sizeof(hdr)); /* headers are 8-aligned: never wrap */
		if (off + hdr.size <= r->size) {
			h = (const void *)(data + off);
		} else {
			size_t first = (size_t)(r->size - off);
			memcpy(r->tmp, data + off, first);
			memcpy(r->tmp + first, data, hdr.size - first);
			h = (const void *)r->tmp;
		}
		if (h->type == PERF_RECORD_SAMPLE) {
			uint64_t id;
			memcpy(&id, h + 1, 8);
			for (int i = 0; i < p->nids; i++) {
				if (p->ids[i].id != id)
					continue;
				prov_sample smp;
				prov_fire f;
				prov_event *ev = &p->s->evs[p->ids[i].ev];
				memset(&f, 0, sizeof(f));
				/* (dtr's own threads': never read) */
				if (rt_parse_sample(h, p->ids[i].type, &smp) == 0 && smp.pid != p->s->self) {
					uint32_t probe = ev->decode(ev, &smp, &f);
					uint16_t want = probe ? p->want[probe] : 0;
					for (int a = 0; want && a < 6; a++)
						if ((want >> a & 1 || want & DTR_COPY_ANY) &&
						    user_pointer((uint64_t)f.args[a]))
							remember(r, smp.pid, smp.tid, (uint64_t)f.args[a], smp.time);
				}
				break;
			}
		}
		tail += hdr.size;
	}
	__atomic_store_n(&r->meta->data_tail, tail, __ATOMIC_RELEASE);
}

static void *run(void *arg)
{
	pring *r = arg;
	struct epoll_event got[1];

	__atomic_store_n(&r->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
	for (;;) {
		int stop = __atomic_load_n(&r->p->stop, __ATOMIC_ACQUIRE);
		if (!stop)
			epoll_wait(r->ep, got, 1, 100);
		drain(r);
		if (stop)
			return NULL;
	}
}

/* This CPU's reader: pinned to it, and real-time so that it preempts the
 * traced thread as soon as the event is written, before the thread can
 * exit or reuse the memory. Without the privilege, or where the CPU is
 * outside dtr's cpuset, it runs all the same: unpinned, or later. */
static int start_reader(pring *r)
{
	struct sched_param sp = { .sched_priority = 1 };
	cpu_set_t set;
	int rc = -1;

	CPU_ZERO(&set);
	CPU_SET(r->cpu, &set);
	for (int attempt = 0; attempt < 4 && rc != 0; attempt++) {
		pthread_attr_t at;
		pthread_attr_init(&at);
		if (!(attempt & 2))
			pthread_attr_setaffinity_np(&at, sizeof(set), &set);
		if (!(attempt & 1)) {
			pthread_attr_setinheritsched(&at, PTHREAD_EXPLICIT_SCHED);
			pthread_attr_setschedpolicy(&at, SCHED_FIFO);
			pthread_attr_setschedparam(&at, &sp);
		}
		rc = pthread_create(&r->thread, &at, run, r);
		pthread_attr_destroy(&at);
	}
	r->running = rc == 0;
	return rc == 0 ? 0 : -1;
}

static int cmp_tid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

/* The readers' thread ids as s->quiet's ranges (made one after another,
 * they are mostly one). 0, or -1 when there would be too many. */
static int quiet_ranges(rt_session *s, pid_t *tids, int n)
{
	qsort(tids, (size_t)n, sizeof(*tids), cmp_tid);
	s->nquiet = 0;
	for (int i = 0; i < n; i++) {
		if (s->nquiet && tids[i] == s->quiet[s->nquiet - 1][1] + 1) {
			s->quiet[s->nquiet - 1][1] = tids[i];
			continue;
		}
		if (s->nquiet == RT_QUIET)
			return -1;
		s->quiet[s->nquiet][0] = s->quiet[s->nquiet][1] = tids[i];
		s->nquiet++;
	}
	return 0;
}

/* Whether ev gets an eager copy: a process's uprobes capture their
 * strings themselves, and timers read no memory. */
static int copied(const prov_event *ev)
{
	return !ev->timer_ns && ev->pid <= 0 && (ev->sample_type & PERF_SAMPLE_RAW);
}

rt_prefetch *rt_prefetch_start(rt_session *s, char *err, size_t errlen)
{
	rt_prefetch *p;
	int any = 0, some = 0, ncpu = (int)sysconf(_SC_NPROCESSORS_CONF);
	long page = sysconf(_SC_PAGESIZE);

	for (uint32_t i = 0; i < s->prog->vm.nclauses; i++)
		any |= s->prog->clauses[i].copyin;
	for (int e = 0; e < s->nevs; e++)
		some |= copied(&s->evs[e]);
	if (!any || !some || !(p = calloc(1, sizeof(*p))))
		return NULL;
	p->s = s;
	p->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	p->strsize = s->opts.strsize + 1;
	p->want = calloc(prov_count() + 2, sizeof(*p->want));
	p->rings = calloc((size_t)ncpu, sizeof(*p->rings));
	p->fds = calloc((size_t)(ncpu * (s->nevs + 1)), sizeof(int));
	p->ids = calloc((size_t)(ncpu * (s->nevs + 1)), sizeof(*p->ids));
	if (p->wake < 0 || !p->want || !p->rings || !p->fds || !p->ids)
		goto fail;
	for (uint32_t i = 0; i < s->nenab; i++)
		p->want[s->enab[i].probe] |= s->prog->clauses[s->enab[i].clause].copyin;

	/* the readers first, so that the events leave out their system calls:
	 * a reader woken by its own would wake itself again at once */
	for (int c = 0; c < ncpu; c++) {
		pring *r = &p->rings[c];
		r->p = p;
		r->cpu = c;
		r->fd = -1;
		r->slots = calloc(KEEP, sizeof(*r->slots));
		r->data = calloc(KEEP, p->strsize);
		r->ep = epoll_create1(EPOLL_CLOEXEC);
		/* the consumer holding it runs at the reader's priority: a
		 * reader kept waiting would read late */
		pthread_mutexattr_t ma;
		pthread_mutexattr_init(&ma);
		pthread_mutexattr_setprotocol(&ma, PTHREAD_PRIO_INHERIT);
		pthread_mutex_init(&r->lock, &ma);
		pthread_mutexattr_destroy(&ma);
		p->nrings++;
		struct epoll_event wev = { .events = EPOLLIN, .data.fd = p->wake };
		if (!r->slots || !r->data || r->ep < 0 || epoll_ctl(r->ep, EPOLL_CTL_ADD, p->wake, &wev) < 0 ||
		    start_reader(r) < 0)
			goto fail;
	}
	/* (a reader left out of them would spin: wait for each, however
	 * late it starts on a loaded machine, and give up after seconds) */
	pid_t *tids = calloc((size_t)ncpu, sizeof(*tids));
	int ntids = 0;
	for (int c = 0; tids && c < ncpu; c++) {
		pid_t *t = &p->rings[c].tid;
		for (int i = 0; !(tids[ntids] = __atomic_load_n(t, __ATOMIC_ACQUIRE)) && i < 50000; i++)
			usleep(100);
		if (tids[ntids])
			ntids++;
	}
	int quiet = tids && ntids == ncpu && quiet_ranges(s, tids, ntids) == 0;
	free(tids);
	if (!quiet) {
		snprintf(err, errlen, "failed to start reading user memory early: %s",
			 ntids < ncpu ? "a reader did not start" : "too many readers to leave out of the filters");
		goto fail;
	}
	for (int c = 0; c < ncpu; c++) {
		pring *r = &p->rings[c];
		for (int e = 0; e < s->nevs; e++) {
			prov_event *ev = &s->evs[e];
			if (!copied(ev))
				continue;
			int fd = rt_perf_open(s, ev, ev->pid, c, RT_OPEN_EAGER, err, errlen);
			if (fd == -ENODEV)
				break;
			if (fd < 0)
				goto fail;
			p->fds[p->nfds++] = fd;
			uint64_t id;
			if (ioctl(fd, PERF_EVENT_IOC_ID, &id) < 0)
				goto fail;
			p->ids[p->nids].id = id;
			p->ids[p->nids].ev = e;
			p->ids[p->nids].type = rt_sample_type(s, ev);
			p->nids++;
			if (r->fd < 0) {
				r->fd = fd;
				r->size = (uint64_t)RING_PAGES * (uint64_t)page;
				r->base = mmap(NULL, (size_t)(r->size + (uint64_t)page), PROT_READ | PROT_WRITE,
					       MAP_SHARED, fd, 0);
				if (r->base == MAP_FAILED) {
					r->base = NULL;
					snprintf(err, errlen, "failed to map a prefetch ring: %s", strerror(errno));
					goto fail;
				}
				struct epoll_event eev = { .events = EPOLLIN, .data.fd = fd };
				if (!(r->tmp = malloc(65536)))
					goto fail;
				__atomic_store_n(&r->meta, (struct perf_event_mmap_page *)r->base, __ATOMIC_RELEASE);
				if (epoll_ctl(r->ep, EPOLL_CTL_ADD, fd, &eev) < 0)
					goto fail;
			} else if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, r->fd) < 0) {
				goto fail;
			}
		}
	}
	for (int i = 0; i < p->nfds; i++)
		ioctl(p->fds[i], PERF_EVENT_IOC_ENABLE, 0);
	return p;
fail:
	if (!err[0])
		snprintf(err, errlen, "failed to start reading user memory early: %s", strerror(errno));
	rt_prefetch_stop(p);
	return NULL;
}

void rt_prefetch_quiesce(rt_prefetch *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nfds; i++)
		ioctl(p->fds[i], PERF_EVENT_IOC_DISABLE, 0);
	__atomic_store_n(&p->stop, 1, __ATOMIC_RELEASE);
	/* left unread, it wakes each reader's epoll_wait (should the write
	 * fail, they stop at its timeout) */
	uint64_t one = 1;
	ssize_t w = p->wake >= 0 ? write(p->wake, &one, sizeof(one)) : -1;
	(void)w;
	for (int i = 0; i < p->nrings; i++)
		if (p->rings[i].running) {
			pthread_join(p->rings[i].thread, NULL);
			p->rings[i].running = 0;
		}
	p->s->nquiet = 0; /* (their ids may be another's now) */
}

void rt_prefetch_stop(rt_prefetch *p)
{
	long page = sysconf(_SC_PAGESIZE);

	if (!p)
		return;
	rt_prefetch_quiesce(p);
	for (int i = 0; i < p->nrings; i++) {
		pring *r = &p->rings[i];
		if (r->base)
			munmap(r->base, (size_t)(r->size + (uint64_t)page));
		if (r->ep >= 0)
			close(r->ep);
		free(r->tmp);
		free(r->slots);
		free(r->data);
		pthread_mutex_destroy(&r->lock);
	}
	for (int i = 0; i < p->nfds; i++)
		close(p->fds[i]);
	if (p->wake >= 0)
		close(p->wake);
	free(p->rings);
	free(p->fds);
	free(p->ids);
	free(p->want);
	free(p);
}
