/* Early reads of user memory for copyinstr() and copyin(): the consumer runs clauses a
 * few milliseconds after their events, when a short-lived process may be
 * gone. When a clause uses copyinstr, a second copy of each kernel event
 * wakes a reader on every sample (wakeup_events=1), which reads the
 * strings every pointer argument points to at once and keeps them in a
 * cache the VM's copyinstr consults first. There is one reader per CPU,
 * pinned to it and real-time where permitted: an event wakes the reader of
 * its own CPU, which preempts the traced thread there, so the memory is read
 * while that thread is stopped, however busy the other CPUs are. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "runtime/rt.h"

#define NSLOTS 32768
#define RING_PAGES 64
#define WAYS 4
/* the eager copy of an event is stamped apart from the event itself by
 * the time it takes the kernel to write one sample, longer when an
 * interrupt comes between; the nearest copy is the event's own, since
 * failed reads are kept too */
#define SAME_EVENT_NS 1000000
#define FAILED UINT32_MAX  /* slot.len of a read that failed at the event */
/* the slots a process filled last, for copyin() at an offset into one */
#define RECENT_SETS 1024
#define RECENT_WAYS 8

typedef struct slot {
	int32_t pid;
	uint32_t len;       /* bytes read (a string, or copyin()'s bytes); FAILED */
	uint32_t cut;       /* the read stopped at strsize: more may follow */
	uint64_t addr;
	uint64_t time;      /* the event's timestamp: an address is reused */
	char *data;         /* strsize bytes */
} slot;

typedef struct pring {
	struct rt_prefetch *p;
	int cpu;
	int fd;
	uint8_t *base;
	struct perf_event_mmap_page *meta;
	uint64_t size;
	int ep;             /* this CPU's reader waits here */
	pthread_t thread;
	int running;
	uint8_t *tmp;       /* a record copied out when it wraps */
} pring;

struct rt_prefetch {
	rt_session *s;
	int stop;
	pring *rings;
	int nrings;
	int *fds;
	int nfds;
	struct { uint64_t id; int ev; uint64_t type; } *ids;
	int nids;
	uint16_t *want;     /* probe id -> the args its clauses copy (dtr_clause.copyin) */
	uint32_t strsize;
	pthread_mutex_t lock;
	slot *slots;
	char *data;
	struct { uint32_t slot[RECENT_WAYS]; uint32_t next; } *recent; /* by pid */
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

/* The first of the WAYS slots an address of a process may use: a buffer is
 * reused for other strings, so each keeps a few, told apart by time. */
static uint32_t set_of(int32_t pid, uint64_t addr)
{
	uint64_t h = (addr ^ ((uint64_t)(uint32_t)pid << 32)) * 0x9e3779b97f4a7c15ULL;
	return ((uint32_t)(h >> 51) & (NSLOTS - 1)) & ~(uint32_t)(WAYS - 1);
}

static void remember(rt_prefetch *p, int32_t pid, uint64_t addr, uint64_t time)
{
	char buf[4096];
	size_t max = p->strsize - 1;
	long n = rt_read_user(pid, addr, buf, max);
	size_t len = n < 0 ? 0 : (size_t)n;

	uint32_t set = set_of(pid, addr);
	slot *sl = &p->slots[set];
	pthread_mutex_lock(&p->lock);
	for (uint32_t w = 1; w < WAYS; w++) /* replace the oldest */
		if (p->slots[set + w].time < sl->time)
			sl = &p->slots[set + w];
	typeof(*p->recent) *rc = &p->recent[(uint32_t)pid & (RECENT_SETS - 1)];
	rc->slot[rc->next++ % RECENT_WAYS] = (uint32_t)(sl - p->slots);
	sl->pid = pid;
	sl->addr = addr;
	sl->time = time;
	sl->len = n < 0 ? FAILED : (uint32_t)len;
	sl->cut = len == max;
	memcpy(sl->data, buf, len);
	sl->data[len] = 0;
	pthread_mutex_unlock(&p->lock);
}

long rt_prefetch_lookup(rt_prefetch *p, int32_t pid, uint64_t addr, uint64_t time, void *buf,
			size_t len)
{
	long n = -1;

	if (!p)
		return -1;
	uint32_t set = set_of(pid, addr);
	slot *sl = NULL;
	uint64_t best = SAME_EVENT_NS;
	pthread_mutex_lock(&p->lock);
	for (uint32_t w = 0; w < WAYS; w++) {
		slot *c = &p->slots[set + w];
		uint64_t d = c->time > time ? c->time - time : time - c->time;
		if (c->pid == pid && c->addr == addr && d < best) {
			best = d;
			sl = c;
		}
	}
	if (sl && sl->len == FAILED) {
		n = RT_PREFETCH_FAULT; /* invalid when the event fired: not read later */
	} else if (sl && !(sl->cut && sl->len < len)) {
		/* copyin() of more than was read early: read it now instead */
		n = sl->len < len ? sl->len : (long)len;
		memcpy(buf, sl->data, (size_t)n);
		if ((size_t)n < len)
			((char *)buf)[n] = 0;
	} else if (!sl) {
		/* copyin(arg1 + 2, n): bytes inside what was read at an argument
		 * of this event, one of the process's last reads */
		typeof(*p->recent) *rc = &p->recent[(uint32_t)pid & (RECENT_SETS - 1)];
		for (uint32_t i = 0; i < RECENT_WAYS && n < 0; i++) {
			slot *c = &p->slots[rc->slot[i]];
			uint64_t d = c->time > time ? c->time - time : time - c->time;
			if (c->pid == pid && c->data && c->len != FAILED && d < SAME_EVENT_NS && addr > c->addr &&
			    addr - c->addr < c->len && len <= c->len - (addr - c->addr)) {
				n = (long)len;
				memcpy(buf, c->data + (addr - c->addr), len);
			}
		}
	}
	pthread_mutex_unlock(&p->lock);
	return n;
}

static int user_pointer(uint64_t a)
{
	return a >= 0x10000 && a < 0x800000000000ULL;
}

static void drain(pring *r)
{
	rt_prefetch *p = r->p;
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
				if (rt_parse_sample(h, p->ids[i].type, &smp) == 0) {
					uint32_t probe = ev->decode(ev, &smp, &f);
					uint16_t want = probe ? p->want[probe] : 0;
					for (int a = 0; want && a < 6; a++)
						if ((want >> a & 1 || want & DTR_COPY_ANY) &&
						    user_pointer((uint64_t)f.args[a]))
							remember(p, smp.pid, (uint64_t)f.args[a], smp.time);
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

rt_prefetch *rt_prefetch_start(rt_session *s, char *err, size_t errlen)
{
	rt_prefetch *p;
	int any = 0, ncpu = (int)sysconf(_SC_NPROCESSORS_CONF);
	long page = sysconf(_SC_PAGESIZE);

	for (uint32_t i = 0; i < s->prog->vm.nclauses; i++)
		any |= s->prog->clauses[i].copyin;
	if (!any || !(p = calloc(1, sizeof(*p))))
		return NULL;
	p->s = s;
	p->strsize = s->opts.strsize + 1;
	p->want = calloc(prov_count() + 2, sizeof(*p->want));
	p->slots = calloc(NSLOTS, sizeof(*p->slots));
	p->data = calloc(NSLOTS, p->strsize);
	p->recent = calloc(RECENT_SETS, sizeof(*p->recent));
	p->rings = calloc((size_t)ncpu, sizeof(*p->rings));
	p->fds = calloc((size_t)(ncpu * (s->nevs + 1)), sizeof(int));
	p->ids = calloc((size_t)(ncpu * (s->nevs + 1)), sizeof(*p->ids));
	pthread_mutex_init(&p->lock, NULL);
	if (!p->want || !p->slots || !p->data || !p->recent || !p->rings || !p->fds || !p->ids)
		goto fail;
	for (int i = 0; i < NSLOTS; i++)
		p->slots[i].data = p->data + (size_t)i * p->strsize;
	for (uint32_t i = 0; i < s->nenab; i++)
		p->want[s->enab[i].probe] |= s->prog->clauses[s->enab[i].clause].copyin;

	for (int c = 0; c < ncpu; c++) {
		pring *r = &p->rings[p->nrings];
		r->p = p;
		r->cpu = c;
		r->fd = -1;
		r->ep = -1;
		for (int e = 0; e < s->nevs; e++) {
			prov_event *ev = &s->evs[e];
			/* a process's uprobes capture their strings themselves */
			if (ev->timer_ns || ev->pid > 0 || !(ev->sample_type & PERF_SAMPLE_RAW))
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
				r->meta = (void *)r->base;
				struct epoll_event eev = { .events = EPOLLIN, .data.fd = fd };
				r->ep = epoll_create1(EPOLL_CLOEXEC);
				r->tmp = malloc(65536);
				p->nrings++;
				if (r->ep < 0 || !r->tmp || epoll_ctl(r->ep, EPOLL_CTL_ADD, fd, &eev) < 0)
					goto fail;
			} else if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, r->fd) < 0) {
				goto fail;
			}
		}
	}
	for (int i = 0; i < p->nfds; i++)
		ioctl(p->fds[i], PERF_EVENT_IOC_ENABLE, 0);
	for (int i = 0; i < p->nrings; i++)
		if (start_reader(&p->rings[i]) < 0)
			goto fail;
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
	for (int i = 0; i < p->nrings; i++)
		if (p->rings[i].running) {
			pthread_join(p->rings[i].thread, NULL);
			p->rings[i].running = 0;
		}
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
	}
	for (int i = 0; i < p->nfds; i++)
		close(p->fds[i]);
	pthread_mutex_destroy(&p->lock);
	free(p->rings);
	free(p->fds);
	free(p->ids);
	free(p->want);
	free(p->slots);
	free(p->data);
	free(p->recent);
	free(p);
}
