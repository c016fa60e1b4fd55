/* libFuzzer harness for the event decoder: arbitrary perf sample records
 * go through the runtime's parser (rt_parse_sample) and then through a
 * provider's decoder, as ring.c does with each sample. Every pointer a
 * successful parse returns (callchain, raw data, user registers and stack)
 * must lie inside the record, and every string a decoder returns inside
 * the raw data: the harness reads them all, so ASan sees any overrun.
 *
 * Input layout:
 *   d[0]  sample_type: bit 0 IP, 1 CALLCHAIN, 2 RAW, 3 REGS_USER,
 *         4 STACK_USER (with a decoder, the bits its event asks for are
 *         added, as the runtime always asks for them); bits 5-6: the
 *         record's cpumode (misc)
 *   d[1]  decoder: 0 none, else slot (d[1] - 1) % the slots of fr_descs
 *   d[2...]  the record after its perf_event_header (identifier first);
 *         the header's size is 8 + these bytes (at most 65535 in all), and
 *         the record is copied to a buffer of exactly that size. Its pid
 *         and tid are taken XORed with this process's pid (so 0 is this
 *         process, and an input replays the same in another process).
 *
 * The decoders come from the probe table, made once: syscall (one
 * tracepoint, and every syscall through raw_syscalls), profile, proc,
 * sched and io (mapped tracepoints), a plain tracepoint, and pid and usdt
 * uprobes on this process (fuzz_records_target and the USDT probe below).
 * Without tracefs or root only the parser is fuzzed. The uprobe events
 * made in tracefs are removed at exit (a dtr run removes those left by a
 * crash). FUZZ_RECORDS_LIST=1 in the environment lists the decoders. */
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/provider.h"
#include "runtime/rt.h"

#if defined(__has_include)
#if __has_include(<sys/sdt.h>)
#include <sys/sdt.h>
#endif
#endif

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

int FUZZ_ENTRY(const uint8_t *data, size_t size);

/* The decoders, in fixed slots so that an input picks the same one on any
 * machine (a slot is empty where its probe does not exist). "$" in a
 * provider name stands for this process's pid; a wide slot attaches every
 * probe matched as one set (syscall:::entry goes through raw_syscalls) and
 * keeps that set's raw_syscalls event. */
static const struct fr_desc {
	const char *prov, *mod, *func, *name;
	int wide;
} fr_descs[] = {
	{ "syscall", "", "read", "entry", 0 },
	{ "syscall", "", "read", "return", 0 },
	{ "syscall", "", "", "entry", 1 },
	{ "syscall", "", "", "return", 1 },
	{ "profile", "", "", "profile-97", 0 },
	{ "pid$", "", "fuzz_records_target", "", 1 },    /* entry and return: one event */
	{ "dtrfuzz$", "", "", "probe", 0 },             /* USDT */
	{ "tracepoint", "sched", "", "sched_switch", 0 },
	{ "proc", "", "", "exec", 0 },
	{ "proc", "", "", "exec-success", 0 },
	{ "proc", "", "", "exec-failure", 0 },
	{ "proc", "", "", "exit", 0 },
	{ "proc", "", "", "create", 0 },
	{ "proc", "", "", "lwp-create", 0 },
	{ "proc", "", "", "lwp-exit", 0 },
	{ "proc", "", "", "signal-send", 0 },
	{ "proc", "", "", "signal-handle", 0 },
	{ "sched", "", "", "on-cpu", 0 },
	{ "sched", "", "", "off-cpu", 0 },
	{ "sched", "", "", "sleep", 0 },
	{ "sched", "", "", "wakeup", 0 },
	{ "sched", "", "", "enqueue", 0 },
	{ "io", "", "", "start", 0 },
	{ "io", "", "", "done", 0 },
};
#define FR_NSLOTS (sizeof(fr_descs) / sizeof(fr_descs[0]))

static struct fr_set {
	prov_event *evs;
	int n;
} fr_sets[FR_NSLOTS];
static const prov_event *fr_slot[FR_NSLOTS];

/* The function the pid provider's entry and return probes instrument, and
 * a USDT probe with a register and a stack argument and a constant. */
long fuzz_records_target(long a, long b) __attribute__((noinline));
long fuzz_records_target(long a, long b)
{
	volatile long on_stack[2] = { a, b };
#ifdef DTRACE_PROBE3
	if (b == -12345)
		DTRACE_PROBE3(dtrfuzz, probe, a, on_stack[1], 7);
#endif
	return on_stack[0] * on_stack[1];
}

static void fr_match_cb(const prov_probe *p, void *arg)
{
	uint32_t **ids = arg;

	*(*ids)++ = p->id;
}

/* Fill slot i: make the probes its description names, attach them. */
static void fr_attach(size_t i)
{
	static uint32_t ids[1024];
	const struct fr_desc *d = &fr_descs[i];
	struct fr_set *s = &fr_sets[i];
	uint32_t *end = ids;
	char prov[64], err[256];

	snprintf(prov, sizeof(prov), "%.*s", (int)strcspn(d->prov, "$"), d->prov);
	if (strchr(d->prov, '$'))
		snprintf(prov + strlen(prov), sizeof(prov) - strlen(prov), "%d", (int)getpid());
	if (prov_provide(prov, d->mod, d->func, d->name, err, sizeof(err)) < 0)
		return;
	int n = prov_match(prov, d->mod, d->func, d->name, NULL, NULL);
	if (n == 0 || n > 1024 || (n > 1 && !d->wide))
		return;
	prov_match(prov, d->mod, d->func, d->name, fr_match_cb, &end);
	if (prov_attach(ids, n, &s->evs, &s->n, err, sizeof(err)) < 0) {
		s->n = 0;
		return;
	}
	for (int k = s->n - 1; k >= 0; k--)
		if (s->evs[k].decode && (!fr_slot[i] || !strncmp(s->evs[k].desc, "raw_", 4)))
			fr_slot[i] = &s->evs[k];
}

static void fr_cleanup(void)
{
	for (size_t i = 0; i < FR_NSLOTS; i++) {
		if (fr_sets[i].n)
			prov_events_free(fr_sets[i].evs, fr_sets[i].n);
		fr_sets[i].n = 0;
		fr_slot[i] = NULL;
	}
	prov_unload();
}

static void fr_init(void)
{
	if (prov_load() < 0)
		return;
	atexit(fr_cleanup);
	for (size_t i = 0; i < FR_NSLOTS; i++)
		fr_attach(i);
	if (getenv("FUZZ_RECORDS_LIST"))
		for (size_t i = 0; i < FR_NSLOTS; i++)
			fprintf(stderr, "decoder %zu: %s:%s:%s:%s: %s\n", i + 1, fr_descs[i].prov,
				fr_descs[i].mod, fr_descs[i].func, fr_descs[i].name,
				fr_slot[i] ? fr_slot[i]->desc : "(none here)");
}

/* Read n bytes at p (ASan checks that they are the record's). */
static uint64_t fr_touch(const void *p, size_t n)
{
	const volatile uint8_t *b = p;
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += b[i];
	return sum;
}

/* Do n elements of size bytes at p lie inside record h? */
static int fr_inside(const struct perf_event_header *h, const void *p, uint64_t n, size_t size)
{
	uintptr_t lo = (uintptr_t)(h + 1), hi = (uintptr_t)h + h->size, at = (uintptr_t)p;

	return at >= lo && at <= hi && n <= (hi - at) / size;
}

/* Do n bytes at p lie in the sample's raw data? */
static int fr_inraw(const prov_sample *smp, const void *p, size_t n)
{
	uintptr_t lo = (uintptr_t)smp->raw, at = (uintptr_t)p;

	return smp->raw && at >= lo && at - lo <= smp->rawlen && n <= smp->rawlen - (at - lo);
}

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	static int inited;
	static const uint16_t cpumode[] = { PERF_RECORD_MISC_KERNEL, PERF_RECORD_MISC_USER,
					    PERF_RECORD_MISC_HYPERVISOR, PERF_RECORD_MISC_GUEST_USER };
	static const uint64_t bits[] = { PERF_SAMPLE_IP, PERF_SAMPLE_CALLCHAIN, PERF_SAMPLE_RAW,
					 PERF_SAMPLE_REGS_USER, PERF_SAMPLE_STACK_USER };
	struct perf_event_header *h;
	prov_sample smp;
	uint64_t type = 0;

	if (!inited) {
		inited = 1;
		fr_init();
	}
	if (size < 2)
		return 0;
	for (int i = 0; i < 5; i++)
		if (data[0] >> i & 1)
			type |= bits[i];
	if (data[0] >> 7) /* a timed sample (untimed ones have no stamp) */
		type |= PERF_SAMPLE_TIME;
	const prov_event *ev = data[1] ? fr_slot[(data[1] - 1) % FR_NSLOTS] : NULL;
	if (ev)
		type |= ev->sample_type | (ev->stack_user ? PERF_SAMPLE_STACK_USER : 0);
	size_t body = size - 2;
	if (body > 65535 - sizeof(*h))
		body = 65535 - sizeof(*h);
	if (!(h = malloc(sizeof(*h) + body)))
		return 0;
	h->type = PERF_RECORD_SAMPLE;
	h->misc = cpumode[data[0] >> 5 & 3];
	h->size = (uint16_t)(sizeof(*h) + body);
	memcpy(h + 1, data + 2, body);
	/* pid and tid relative to this process: 0 is this process, whose
	 * samples alone the pid and usdt probes decode */
	size_t at = sizeof(*h) + 8 + (type & PERF_SAMPLE_IP ? 8 : 0);
	for (int i = 0; i < 2 && at + 4 * (i + 1) <= sizeof(*h) + body; i++) {
		uint32_t v;
		memcpy(&v, (uint8_t *)h + at + 4 * i, 4);
		v ^= (uint32_t)getpid();
		memcpy((uint8_t *)h + at + 4 * i, &v, 4);
	}

	if (rt_parse_sample(h, type, &smp) == 0) {
		uint64_t sum = 0;
		/* what the parse returns lies in the record */
		if ((smp.callchain && !fr_inside(h, smp.callchain, smp.nchain, 8)) ||
		    (smp.raw && !fr_inside(h, smp.raw, smp.rawlen, 1)) ||
		    (smp.regs && !fr_inside(h, smp.regs, PROV_NREGS, 8)) ||
		    (smp.ustack && !fr_inside(h, smp.ustack, smp.ustack_size, 1)))
			abort();
		if (smp.callchain)
			sum += fr_touch(smp.callchain, smp.nchain * 8);
		if (smp.raw)
			sum += fr_touch(smp.raw, smp.rawlen);
		if (smp.regs)
			sum += fr_touch(smp.regs, PROV_NREGS * 8);
		if (smp.ustack)
			sum += fr_touch(smp.ustack, smp.ustack_size);
		if (ev) {
			prov_fire f;
			memset(&f, 0, sizeof(f));
			uint32_t probe = ev->decode(ev, &smp, &f);
			if (probe) {
				if (probe > prov_count())
					abort();
				for (int i = 0; i < 3; i++)
					if (f.also[i] > prov_count())
						abort();
				/* captured strings and comm lie in the raw data */
				for (int k = 0; k < 10; k++)
					if (f.ustr[k]) {
						if (!fr_inraw(&smp, f.ustr[k], f.ustrlen[k]))
							abort();
						sum += fr_touch(f.ustr[k], f.ustrlen[k]);
					}
				if (f.comm) {
					if (!fr_inraw(&smp, f.comm, 16))
						abort();
					sum += fr_touch(f.comm, 16);
				}
			}
		}
		(void)sum;
	}
	free(h);
	return 0;
}
