/* The tracing session: verify the compiled program, match its probe
 * descriptions to enablings, attach the event sources, fire BEGIN, run the
 * event loop (rings, signals, the target process), fire END, print the
 * report and detach everything, whatever path ends the session. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probevm/dynvar.h"
#include "runtime/aggprint.h"
#include "runtime/rt.h"
#include "runtime/stacks.h"

int rt_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("dtr: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

typedef struct collect {
	rt_session *s;
	uint32_t clause;
	uint32_t cap;
	uint32_t *by;            /* per probe id: 1 + the last clause enabling it */
	uint32_t nby;
} collect;

static void add_enabling(const prov_probe *p, void *arg)
{
	collect *c = arg;
	rt_session *s = c->s;

	/* a probe named twice by one clause is enabled once */
	if (p->id < c->nby) {
		if (c->by[p->id] == c->clause + 1)
			return;
		c->by[p->id] = c->clause + 1;
	} else {
		for (uint32_t i = 0; i < s->nenab; i++) /* (a probe made since) */
			if (s->enab[i].probe == p->id && s->enab[i].clause == c->clause)
				return;
	}
	if (s->nenab == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		s->enab = realloc(s->enab, c->cap * sizeof(*s->enab));
		if (!s->enab)
			abort(); /* out of memory before tracing starts */
	}
	s->enab[s->nenab] = (rt_enabling){ s->nenab + 1, p->id, c->clause };
	s->nenab++;
}

static int cmp_enab(const void *a, const void *b)
{
	const rt_enabling *x = a, *y = b;

	if (x->probe != y->probe)
		return x->probe < y->probe ? -1 : 1;
	return x->clause < y->clause ? -1 : x->clause > y->clause;
}

/* Enablings in DTrace's EPID order (clause by clause), then indexed by probe. */
static int match(rt_session *s)
{
	collect c = { .s = s, .nby = prov_count() + 1 };
	dtr_program *p = s->prog;

	if (!(c.by = calloc(c.nby, sizeof(*c.by))))
		return -ENOMEM;
	for (c.clause = 0; c.clause < p->vm.nclauses; c.clause++) {
		const dtr_clause *cl = &p->clauses[c.clause];
		for (int i = 0; i < cl->nspecs; i++) {
			const dtr_probespec *ps = &cl->specs[i];
			prov_match(ps->prov, ps->mod, ps->func, ps->name, add_enabling, &c);
		}
	}
	free(c.by);
	s->nprobes = s->nenab;
	qsort(s->enab, s->nenab, sizeof(*s->enab), cmp_enab);
	uint32_t np = prov_count();
	s->first = calloc(np + 2, sizeof(*s->first));
	if (!s->first)
		return -ENOMEM;
	s->nfirst = np + 2;
	for (uint32_t id = 0, i = 0; id <= np + 1; id++) {
		while (i < s->nenab && s->enab[i].probe < id)
			i++;
		s->first[id] = i;
	}
	return 0;
}

/* Does a description name process pid's providers (pid123, myapp123)? */
static int names_process(const dtr_program *p, pid_t pid)
{
	char digits[16];

	snprintf(digits, sizeof(digits), "%d", (int)pid);
	for (uint32_t i = 0; i < p->vm.nclauses; i++)
		for (int k = 0; k < p->clauses[i].nspecs; k++) {
			const char *prov = p->clauses[i].specs[k].prov;
			size_t l = strlen(prov), d = strlen(digits);
			if (l > d && !strcmp(prov + l - d, digits))
				return 1;
		}
	return 0;
}

static uint32_t ignore(const prov_event *ev, const prov_sample *smp, prov_fire *f)
{
	(void)ev, (void)smp, (void)f;
	return 0;
}

/* Descriptions of the target's user probes matched nothing yet (-Z): a
 * dummy event on the process brings its later mappings (dlopen). */
static int watch(rt_session *s)
{
	prov_event *evs = realloc(s->evs, (size_t)(s->nevs + 1) * sizeof(*evs));

	if (!evs)
		return -ENOMEM;
	s->evs = evs;
	prov_event *ev = &evs[s->nevs++];
	memset(ev, 0, sizeof(*ev));
	ev->attr.type = PERF_TYPE_SOFTWARE;
	ev->attr.config = PERF_COUNT_SW_DUMMY;
	ev->pid = s->target;
	ev->decode = ignore;
	snprintf(ev->desc, sizeof(ev->desc), "the mappings of pid %d", (int)s->target);
	s->watch_maps = 1;
	return 0;
}

void rt_session_mapped(rt_session *s, int32_t pid, const char *file)
{
	static char last[256];

	for (int i = 0; i < s->nevs; i++)
		if (s->evs[i].pid == pid) {
			/* the same object reported again (one record per segment) */
			if (strncmp(last, file, sizeof(last) - 1) != 0)
				s->remap = 1;
			snprintf(last, sizeof(last), "%s", file);
			return;
		}
}

/* Objects mapped since the probes were made (dlopen): let the providers
 * make the probes the program's descriptions now match, enable them and
 * attach them into the running session. */
static void rematch(rt_session *s)
{
	uint32_t before = prov_count();
	char err[512];

	s->remap = 0;
	for (uint32_t i = 0; i < s->prog->vm.nclauses; i++)
		for (int k = 0; k < s->prog->clauses[i].nspecs; k++) {
			const dtr_probespec *ps = &s->prog->clauses[i].specs[k];
			prov_provide(ps->prov, ps->mod, ps->func, ps->name, err, sizeof(err));
		}
	if (prov_count() == before)
		return;
	/* the old enablings stay valid for records that point at them */
	rt_enabling *old = s->enab;
	uint32_t nold = s->nenab;
	s->enab = NULL;
	s->nenab = 0;
	free(s->first);
	if (match(s) < 0) {
		s->enab = old;
		s->nenab = nold;
		return;
	}
	struct rt_oldenab *keep = malloc(sizeof(*keep));
	if (keep) {
		*keep = (struct rt_oldenab){ s->old_enab, old };
		s->old_enab = keep;
	}
	uint32_t *ids = malloc((s->nenab + 1) * sizeof(*ids));
	prov_event *evs = NULL;
	int n = 0, nevs = 0;
	for (uint32_t i = 0; ids && i < s->nenab; i++)
		if (s->enab[i].probe > before && (n == 0 || ids[n - 1] != s->enab[i].probe)) {
			ids[n++] = s->enab[i].probe;
			prov_set_ustrargs(s->enab[i].probe, s->prog->clauses[s->enab[i].clause].ustrargs);
		}
	if (n && prov_attach(ids, n, &evs, &nevs, err, sizeof(err)) == 0 && nevs) {
		prov_event *all = realloc(s->evs, (size_t)(s->nevs + nevs) * sizeof(*all));
		if (all) {
			memcpy(all + s->nevs, evs, (size_t)nevs * sizeof(*evs));
			int first = s->nevs;
			s->evs = all;
			s->nevs += nevs;
			free(evs);
			evs = NULL;
			/* ESRCH: the process has exited meanwhile */
			int rc = rt_rings_add(s, first, err, sizeof(err));
			if (rc < 0 && rc != -ESRCH)
				fprintf(stderr, "dtr: %s\n", err);
		}
	}
	if (evs)
		prov_events_free(evs, nevs);
	free(ids);
}

static int attach(rt_session *s, char *err, size_t errlen)
{
	uint32_t *ids = malloc((s->nenab + 1) * sizeof(*ids));
	int n = 0, rc;

	if (!ids)
		return -ENOMEM;
	for (uint32_t i = 0; i < s->nenab; i++) {
		if (n == 0 || ids[n - 1] != s->enab[i].probe)
			ids[n++] = s->enab[i].probe;
		prov_set_ustrargs(s->enab[i].probe, s->prog->clauses[s->enab[i].clause].ustrargs);
	}
	rc = prov_attach(ids, n, &s->evs, &s->nevs, err, errlen);
	free(ids);
	return rc;
}

static uint32_t this_cpu(rt_session *s)
{
	int c = sched_getcpu();
	return c >= 0 && c < s->ncpus ? (uint32_t)c : 0;
}

/* Fire a probe the runtime fires itself (BEGIN, END, ERROR, tick-N) in
 * dtr's own context; time 0 is now. */
static void fire_self(rt_session *s, uint32_t probe, const int64_t *args, uint64_t time)
{
	pvm_ctx ctx;
	const rt_proc *self = rt_proctab_get(s->procs, s->self);

	memset(&ctx, 0, sizeof(ctx));
	for (int i = 0; args && i < 10; i++)
		ctx.b[PVM_B_ARG0 + i] = (uint64_t)args[i];
	ctx.b[PVM_B_PID] = ctx.b[PVM_B_TID] = (uint64_t)s->self;
	ctx.b[PVM_B_PPID] = (uint64_t)getppid();
	ctx.b[PVM_B_UID] = getuid();
	ctx.b[PVM_B_GID] = getgid();
	ctx.b[PVM_B_TIMESTAMP] = time ? time : rt_now();
	ctx.b[PVM_B_EXECNAME] = (uint64_t)(uintptr_t)self->comm;
	uint32_t cpu = this_cpu(s);
	ctx.b[PVM_B_CPU] = cpu;
	rt_fire(s, probe, &ctx, cpu);
}

static void report_fault(rt_session *s, const rt_enabling *e, const pvm_faultinfo *f,
			 const pvm_ctx *ctx)
{
	const prov_probe *p = prov_get(e->probe);
	const pvm_code *code = &s->prog->vm.clauses[e->clause];
	uint32_t act = code->action[f->pc], start = f->pc;
	char what[64] = "";

	while (start > 0 && code->action[start - 1] == act)
		start--;
	if (f->kind == PVM_FAULT_BADADDR)
		snprintf(what, sizeof(what), " (0x%llx)", (unsigned long long)f->addr);
	s->errors++;
	fflush(s->out);
	fprintf(stderr, "dtr: error on enabled probe ID %u (ID %u: %s:%s:%s:%s): %s%s in %s",
		e->epid, p->id, p->provname, p->mod, p->func, p->name, pvm_fault_name(f->kind), what,
		act ? "action #" : "predicate");
	if (act)
		fprintf(stderr, "%u", act);
	fprintf(stderr, " at DIF offset %u\n", (f->pc - start) * (uint32_t)sizeof(pvm_insn));
	if (e->probe != PROV_ID_ERROR && s->first[PROV_ID_ERROR] != s->first[PROV_ID_ERROR + 1]) {
		/* as Oracle's DTrace: arg1 the probe's ID, arg2 the clause's
		 * index in the program (illumos had the EPID and action) */
		int64_t args[10] = { 0, p->id, e->clause, (int64_t)((f->pc - start) * sizeof(pvm_insn)),
				     pvm_fault_code(f->kind), (int64_t)f->addr };
		(void)ctx;
		fire_self(s, PROV_ID_ERROR, args, 0);
	}
}

void rt_fire(rt_session *s, uint32_t probe, pvm_ctx *ctx, uint32_t cpu)
{
	const prov_probe *p = prov_get(probe);
	pvm_faultinfo f;

	ctx->b[PVM_B_PROBEPROV] = (uint64_t)(uintptr_t)p->provname;
	ctx->b[PVM_B_PROBEMOD] = (uint64_t)(uintptr_t)p->mod;
	ctx->b[PVM_B_PROBEFUNC] = (uint64_t)(uintptr_t)p->func;
	ctx->b[PVM_B_PROBENAME] = (uint64_t)(uintptr_t)p->name;
	ctx->b[PVM_B_ID] = probe;
	ctx->b[PVM_B_WALLTIMESTAMP] = ctx->b[PVM_B_TIMESTAMP] + (uint64_t)s->walltime_offset;
	if (cpu >= (uint32_t)s->ncpus)
		cpu = 0;
	pvm_firing_begin(&s->vm);
	for (uint32_t i = s->first[probe]; i < s->first[probe + 1]; i++) {
		const rt_enabling *e = &s->enab[i];
		/* after exit(), nothing but END runs */
		if (s->exiting == 2 && probe != PROV_ID_END)
			return;
		ctx->b[PVM_B_EPID] = e->epid;
		s->vm.rec.len = 0;
		int rc = pvm_run(&s->vm, &s->prog->vm.clauses[e->clause], ctx, cpu, &f);
		if (rc < 0) {
			report_fault(s, e, &f, ctx);
			continue;
		}
		if (rc > 0)
			continue; /* its predicate was false */
		rt_print_records(s, e, ctx, cpu, s->vm.rec.data, s->vm.rec.len);
	}
}

/* The VM's window on the traced process: its memory as read right after
 * the event when that was possible, else now. */
static long read_user(void *arg, int32_t pid, uint64_t addr, uint64_t time, void *buf, size_t len)
{
	rt_session *s = arg;
	const prov_fire *f = s->firing;

	/* a string the probe captured when it fired */
	for (int i = 0; f && i < 10; i++)
		if (f->ustr[i] && (uint64_t)f->args[i] == addr) {
			size_t n = f->ustrlen[i] < len ? f->ustrlen[i] : len;
			memcpy(buf, f->ustr[i], n);
			return (long)n;
		}
	long n = rt_prefetch_lookup(s->prefetch, pid, f ? s->firing_tid : 0, addr, time, buf, len);

	if (n == -1)
		n = rt_read_user(pid, addr, buf, len);
	return n < 0 ? -1 : n;
}

static uint64_t monotonic_ns(void *arg)
{
	(void)arg;
	return rt_now();
}

static int progenyof(void *arg, int32_t pid, int32_t ancestor)
{
	rt_session *s = arg;

	for (int depth = 0; pid > 0 && depth < 1024; depth++) {
		if (pid == ancestor)
			return 1;
		const rt_proc *p = rt_proctab_get(s->procs, pid);
		if (p->ppid == pid)
			break;
		pid = p->ppid;
	}
	return 0;
}

/* DTrace refuses to enable a program whose buffers cannot hold one record
 * of it ("Enabling exceeds size of buffer"). dtr's aggregation and dynamic
 * variable tables charge each entry its real size, so the smallest entry
 * of the program's aggregations and associative arrays is the bound. Its
 * rings are whole pages, whatever bufsize says; a bufsize below 64 bytes
 * (a record header and a few values, as small as a DTrace record gets)
 * is refused as DTrace refuses it. */
static int buffers_fit(const rt_session *s)
{
	const pvm_prog *vm = &s->prog->vm;

	if (s->opts.bufsize < 64)
		return 0;
	for (uint32_t i = 0; i < vm->naggs; i++)
		if (sizeof(pvm_aggent) + pvm_agg_nvals(&vm->aggs[i]) * sizeof(int64_t) > s->opts.aggsize)
			return 0;
	for (uint32_t i = 0; i < vm->nvars; i++)
		if (vm->vars[i].scope == PVM_ARRAY && /* one element: 8-byte key slots and value */
		    8u * vm->vars[i].nkeys + ((vm->vars[i].vsize ? vm->vars[i].vsize : 8) + 7) / 8 * 8 >
		    s->opts.dynvarsize)
			return 0;
	return 1;
}

static int verify(rt_session *s)
{
	char msg[256];

	for (uint32_t i = 0; i < s->prog->vm.nclauses; i++)
		if (pvm_verify(&s->prog->vm, &s->prog->vm.clauses[i], msg, sizeof(msg)) < 0)
			return rt_fail("failed to verify clause %u (line %d): %s", i + 1,
				       s->prog->clauses[i].loc.line, msg);
	return 0;
}

static void walltime_init(rt_session *s)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	s->walltime_offset = (int64_t)((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec) -
			     (int64_t)rt_now();
}

/* Records stamped later than now - SLACK may still be in flight on
 * another CPU: they wait for the next round. */
#define SLACK 5000000ULL

typedef struct timers {
	int fd;
	int n;
	struct { uint32_t probe; uint64_t period, due; } t[64];
} timers;

static void timers_init(rt_session *s, timers *tm)
{
	uint64_t now = rt_now();

	tm->n = 0;
	tm->fd = -1;
	for (int i = 0; i < s->nevs && tm->n < 64; i++)
		if (s->evs[i].timer_ns) {
			tm->t[tm->n].probe = s->evs[i].timer_probe;
			tm->t[tm->n].period = s->evs[i].timer_ns;
			tm->t[tm->n].due = now + s->evs[i].timer_ns;
			tm->n++;
		}
	if (tm->n)
		tm->fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
}

static int earliest(const timers *tm)
{
	int best = -1;

	for (int i = 0; i < tm->n; i++)
		if (best < 0 || tm->t[i].due < tm->t[best].due)
			best = i;
	return best;
}

static void timers_arm(timers *tm)
{
	int b = earliest(tm);
	uint64_t at;

	if (b < 0 || tm->fd < 0)
		return;
	at = tm->t[b].due + SLACK;
	struct itimerspec its = { .it_value = { (time_t)(at / 1000000000ULL), (long)(at % 1000000000ULL) } };
	timerfd_settime(tm->fd, TFD_TIMER_ABSTIME, &its, NULL);
}

/* The event path: the rings hand each record, oldest first, to the
 * decoder, which runs the clauses of the probe it fires. */
static void drain(rt_session *s, uint64_t cutoff)
{
	rt_rings_drain(s->rings, cutoff, rt_decode_record, s);
}

/* Consume everything older than the slack, firing due timer probes in
 * timestamp order among the kernel's records. */
static void consume(rt_session *s, timers *tm)
{
	uint64_t now = rt_now(), cutoff = now > SLACK ? now - SLACK : 0;
	int b;

	while (!s->exiting && (b = earliest(tm)) >= 0 && tm->t[b].due <= cutoff) {
		uint64_t due = tm->t[b].due;
		drain(s, due);
		fire_self(s, tm->t[b].probe, NULL, due);
		tm->t[b].due += tm->t[b].period;
	}
	drain(s, cutoff);
	rt_promote_run(s);
	if (s->remap)
		rematch(s);
	timers_arm(tm);
}

/* The event loop. Returns when exit() ran, a signal came, or the target ended. */
static void loop(rt_session *s, int sfd)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), fds[1024];
	int nfds = rt_rings_fds(s, fds, 1024);
	struct epoll_event ev = { .events = EPOLLIN };
	timers tm;

	timers_init(s, &tm);
	if (tm.fd >= 0)
		fds[nfds++] = tm.fd;
	for (int i = 0; i < nfds; i++) {
		ev.data.fd = fds[i];
		epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
	}
	ev.data.fd = sfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
	if (s->target_fd >= 0) {
		ev.data.fd = s->target_fd;
		epoll_ctl(ep, EPOLL_CTL_ADD, s->target_fd, &ev);
	}
	timers_arm(&tm);
	while (!s->exiting) {
		struct epoll_event got[16];
		/* read each time: setopt("switchrate") may change it */
		int timeout = (int)(s->opts.switchrate / 1000000);
		int n = epoll_wait(ep, got, 16, timeout < 1 ? 1 : timeout);
		for (int i = 0; i < n; i++) {
			if (got[i].data.fd == tm.fd) {
				uint64_t expirations;
				if (read(tm.fd, &expirations, sizeof(expirations)) < 0)
					expirations = 0;
			} else if (got[i].data.fd == sfd) {
				struct signalfd_siginfo si;
				while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
					if (si.ssi_signo == SIGCHLD && s->child) {
						int st;
						if (waitpid(s->target, &st, WNOHANG) == s->target) {
							if (!s->opts.quiet)
								fprintf(stderr, "dtr: pid %d has exited\n", s->target);
							s->exiting = 1;
						}
					} else if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM) {
						/* as DTrace: a newline, even when quiet */
						if (!s->opts.json)
							fputc('\n', s->out);
						s->exiting = 1;
					}
				}
			} else if (got[i].data.fd == s->target_fd) {
				if (!s->opts.quiet)
					fprintf(stderr, "dtr: pid %d has exited\n", s->target);
				s->exiting = 1;
			}
		}
		consume(s, &tm);
		fflush(s->out);
		/* after the events: DTrace's snapshot sees what probes did */
		rt_agg_snap_due(s);
	}
	if (tm.fd >= 0)
		close(tm.fd);
	close(ep);
}

/* The start-up helper: the rings are wanted first, once compiled. */
static void *prestart_main(void *arg)
{
	rt_session *s = arg;

	rt_rings_premake(s);
	rt_warm_open(s);
	rt_proctab_snapshot(s->procs, 0);
	return NULL;
}

void rt_session_prestart(rt_session *s)
{
	if (s->snapping || (!s->procs && !(s->procs = rt_proctab_new())))
		return; /* begun already, or out of memory: rt_session_run() says so */
	rt_rings_premake_begin(s);
	rt_warm_new(s); /* (out of memory: the rings register the tracepoints) */
	/* without it, rt_rings_open() makes the rings and rt_session_run() reads /proc */
	s->snapping = rt_helper_start(&s->snap, prestart_main, s) == 0;
	if (!s->snapping)
		rt_warm_close(s);
}

static void renamed_since(void *procs, int32_t tid, uint64_t time)
{
	rt_proctab_renamed(procs, tid, time);
}

static void snapshot_join(rt_session *s)
{
	if (s->snapping == 1)
		pthread_join(s->snap, NULL);
	if (s->snapping)
		s->snapping = 2;
}

/* May string register r be NULL at instruction k: is its last writer
 * before k anything but a load of execname or a probe name (never NULL),
 * or may a jump skip that writer? */
static int maybe_null(const pvm_code *code, uint32_t k, uint8_t r)
{
	uint32_t j = k;

	while (j-- > 0) {
		const pvm_insn *in = &code->insns[j];
		if ((pvm_ops[in->op].flags & PV_W) && in->a == r)
			break;
	}
	if (j >= k || code->insns[j].op != PVM_LDB)
		return 1;
	switch (code->insns[j].imm) {
	case PVM_B_EXECNAME: case PVM_B_PROBEPROV: case PVM_B_PROBEMOD: case PVM_B_PROBEFUNC:
	case PVM_B_PROBENAME:
		break;
	default:
		return 1;
	}
	for (uint32_t i = 0; i < code->n; i++) {
		int64_t to = (int64_t)i + 1 + code->insns[i].imm;
		if ((pvm_ops[code->insns[i].op].flags & PV_JMP) && to > (int64_t)j && to <= (int64_t)k)
			return 1;
	}
	return 0;
}

int rt_clause_sees(const pvm_code *code)
{
	int sees = 0;

	for (uint32_t k = 0; k < code->n; k++) {
		const pvm_insn *in = &code->insns[k];
		switch (in->op) {
		case PVM_LDB:
			switch (in->imm) {
			case PVM_B_PID: case PVM_B_TID: case PVM_B_CPU:
				break;
			case PVM_B_PPID: case PVM_B_UID: case PVM_B_GID: case PVM_B_EXECNAME:
				sees |= RT_READS_PROC;
				break;
			case PVM_B_TIMESTAMP: case PVM_B_VTIMESTAMP: case PVM_B_WALLTIMESTAMP:
				sees |= RT_SEES_TIME;
				break;
			default:
				sees |= RT_SEES_PROBE;
				if ((in->imm >= PVM_B_ARG0 && in->imm <= PVM_B_ARG9) || in->imm == PVM_B_ERRNO)
					sees |= RT_READS_ARGS;
			}
			break;
		case PVM_LDX:
			sees |= RT_READS_ARGS | (pvm_ops[in->op].flags & PV_FLT ? RT_SHOWS : 0);
			break;
		case PVM_PUSHS: /* a NULL string faults, unless imm allows it */
			if (in->imm != 1 && maybe_null(code, k, in->a))
				sees |= RT_SHOWS;
			break;
		case PVM_TRACEI: case PVM_TRACES: case PVM_TRACEK: case PVM_EXIT:
			sees |= RT_SHOWS;
			break;
		default:
			if (pvm_ops[in->op].flags & PV_FLT)
				sees |= RT_SHOWS;
		}
	}
	return sees;
}

int rt_session_untimed(const rt_session *s)
{
	if (!s->nevs)
		return 0;
	for (int i = 0; i < s->nevs; i++)
		if (s->evs[i].timer_ns)
			return 0;
	for (uint32_t i = 0; i < s->nenab; i++) {
		const rt_enabling *e = &s->enab[i];
		if (e->probe != PROV_ID_BEGIN && e->probe != PROV_ID_END &&
		    (s->sees[e->clause] & (RT_SEES_TIME | RT_SHOWS)))
			return 0;
	}
	return 1;
}

int rt_session_run(rt_session *s)
{
	char err[512];
	int rc = 0, sfd = -1;
	sigset_t mask;

	s->self = getpid();
	if (verify(s))
		return 1;
	if (match(s) < 0)
		return rt_fail("out of memory");
	if (attach(s, err, sizeof(err)) < 0)
		return rt_fail("%s", err);
	for (int i = 0; i < s->nevs; i++)
		if (s->evs[i].pid > 0)
			s->watch_maps = 1;
	if (!(s->sees = calloc(s->prog->vm.nclauses + 1, 1)))
		return rt_fail("out of memory");
	for (uint32_t i = 0; i < s->prog->vm.nclauses; i++) {
		s->sees[i] = (uint8_t)rt_clause_sees(&s->prog->vm.clauses[i]);
		s->sees_any |= s->sees[i];
	}
	s->untimed = rt_session_untimed(s);
	if (!s->watch_maps && s->target > 0 && names_process(s->prog, s->target) && watch(s) < 0)
		return rt_fail("out of memory");
	s->ncpus = (int)sysconf(_SC_NPROCESSORS_CONF);
	if (s->ncpus < 1)
		s->ncpus = 1;
	/* the VM counts the NUL in its string bound; strsize counts characters */
	if (pvm_state_init(&s->vm, &s->prog->vm, s->opts.strsize + 1, (uint32_t)s->ncpus,
			   s->opts.aggsize, s->opts.dynvarsize) < 0 ||
	    pvm_set_scratchsize(&s->vm, s->opts.scratchsize) < 0)
		return rt_fail("out of memory");
	s->vm.env = (pvm_env){ s, read_user, progenyof, rt_speculation, rt_psargs, rt_devname, rt_fdname,
			       rt_fdinfo, rt_proc_of, rt_cputopo, rt_spec_id_ok, monotonic_ns };
	s->nspec = (int)(s->opts.nspec > 256 ? 256 : s->opts.nspec);
	s->spec = calloc((size_t)s->nspec + 1, sizeof(*s->spec));
	if (!s->spec)
		return rt_fail("out of memory");
	for (int i = 0; i < s->nspec; i++)
		s->spec[i].tail = &s->spec[i].head;
	s->agg_printed = calloc(s->prog->vm.naggs + 1, 1);
	s->normal = calloc(s->prog->vm.naggs + 1, sizeof(*s->normal));
	if (!s->agg_printed || !s->normal)
		return rt_fail("out of memory");
	rt_agg_set_strsize(s->opts.strsize);
	rt_agg_set_zoom(s->opts.aggzoom);
	rt_agg_set_pack(s->opts.aggpack);
	rt_agg_set_encoding(s->opts.encoding);
	if ((s->prog->kstack || s->prog->ustack || s->prog->syms || s->prog->usyms) &&
	    !(s->stacks = rt_stacks_new()))
		return rt_fail("out of memory");
	rt_agg_set_stack_printer(rt_print_agg_stack, s);
	if (!s->procs && !(s->procs = rt_proctab_new()))
		return rt_fail("out of memory");
	if (s->stacks && s->target > 0)
		rt_stacks_seed(s->stacks, s->target);
	walltime_init(s);

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (!s->snapping && s->nevs)
		rt_session_prestart(s);
	if (!buffers_fit(s)) {
		if (s->notice[0])
			fprintf(stderr, "dtr: %s\n", s->notice);
		rc = rt_fail("could not enable tracing: Enabling exceeds size of buffer");
		goto out;
	}
	err[0] = 0;
	if (rt_rings_open(s, err, sizeof(err)) < 0) {
		rc = rt_fail("%s", err[0] ? err : "could not enable tracing");
		goto out;
	}
	/* a session with no ring (every event counts) reads no records: the
	 * threads it looks up (BEGIN's, END's) are read then, not all of
	 * /proc now */
	int ring;
	if (!rt_rings_fds(s, &ring, 1) && !s->watch_maps)
		rt_proctab_stop(s->procs);
	/* the early reads start first, so that no event comes before them */
	s->prefetch = rt_prefetch_start(s, err, sizeof(err));
	if (!s->prefetch && err[0])
		fprintf(stderr, "dtr: %s; copyinstr() reads at consume time\n", err);
	if (rt_rings_enable(s) < 0) {
		rc = rt_fail("could not enable tracing");
		goto out;
	}
	if (s->notice[0])
		fprintf(stderr, "dtr: %s\n", s->notice);
	/* nothing reads the rings until BEGIN has run: the events move to the
	 * full rings first, while the small ones can still take a burst */
	rt_rings_grow_begin(s);
	if (rt_rings_grow_end(s, err, sizeof(err)) < 0)
		fprintf(stderr, "dtr: %s; tracing goes on in a smaller ring\n", err);
	/* the table has every process of before the enabling (the snapshot
	 * begun with the compiler, so that one that exits at once is known),
	 * then, read again now that perf reports every fork, exec and exit,
	 * every process begun since, and the new names of those renamed
	 * before the enabling (not since: the rings hold those renames); no
	 * record is read before */
	snapshot_join(s);
	rt_warm_close(s); /* (the program's events hold what it registered) */
	uint32_t renamed = s->nevs ? rt_proctab_snapshot(s->procs, 1) : 0;
	if (renamed) {
		rt_rings_each_comm(s->rings, renamed_since, s->procs);
		rt_proctab_settle(s->procs);
	}
	if (s->notice[0] && s->opts.destructive) /* not under -q, as DTrace */
		fprintf(stderr, "dtr: allowing destructive actions\n");
	fire_self(s, PROV_ID_BEGIN, NULL, 0);
	fflush(s->out);
	if (s->held) {
		if (kill(s->target, SIGCONT) < 0)
			rc = rt_fail("failed to start the command: %s", strerror(errno));
		s->held = 0;
	}
	if (!s->exiting)
		loop(s, sfd);
	rt_rings_disable(s);
	/* strings still in the eager rings are read before the last records run */
	rt_prefetch_quiesce(s->prefetch);
	drain(s, UINT64_MAX);
	if (s->exiting != 2)
		s->exiting = 2; /* no more clauses but END */
	fire_self(s, PROV_ID_END, NULL, 0);
	rt_print_drops(s);
	if (!s->opts.json)
		fputc('\n', s->out);
	rt_print_aggregations(s);
	if (s->opts.json)
		fprintf(s->out, "{\"type\":\"exit\",\"status\":%d}\n", s->status);
	fflush(s->out);
	rc = s->status;
out:
	snapshot_join(s);
	/* the kernel unregisters the tracepoints after dtr's exit, unless
	 * something in tracefs must be removed once they are closed; the pipe
	 * to the child that holds them stays open until then */
	if (s->exits_after && !prov_dynevents_made() && !rt_rings_instances(s))
		rt_release_handoff(NULL);
	rt_rings_close(s);
	if (sfd >= 0)
		close(sfd);
	return rc;
}

void rt_session_fini(rt_session *s)
{
	snapshot_join(s);
	rt_warm_close(s);
	rt_prefetch_stop(s->prefetch);
	s->prefetch = NULL;
	rt_rings_close(s);
	if (s->vm.prog)
		pvm_state_fini(&s->vm);
	rt_proctab_free(s->procs);
	rt_stacks_free(s->stacks);
	s->stacks = NULL;
	prov_events_free(s->evs, s->nevs);
	if (s->target_fd >= 0)
		close(s->target_fd);
	s->target_fd = -1;
	free(s->enab);
	while (s->old_enab) {
		struct rt_oldenab *o = s->old_enab;
		s->old_enab = o->next;
		free(o->enab);
		free(o);
	}
	free(s->first);
	free(s->agg_printed);
	free(s->normal);
	free(s->sees);
	for (int c = 0; s->aggsnap && c < s->ncpus; c++)
		if (s->aggsnap[c])
			pvm_aggtab_free(s->aggsnap[c]);
	free(s->aggsnap);
	for (int i = 0; s->spec && i < s->nspec; i++)
		for (rt_specrec *r = s->spec[i].head, *n; r; r = n) {
			n = r->next;
			free(r);
		}
	free(s->spec);
	s->spec = NULL;
	s->agg_printed = NULL;
	s->normal = NULL;
	s->procs = NULL;
	s->evs = NULL;
	s->enab = NULL;
	s->first = NULL;
}
