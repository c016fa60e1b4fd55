/* Decoding perf records, in the order the rings hand them on: a sample
 * becomes a probe firing (its provider's decode, the process table, stacks
 * and registers into the VM's context) and runs the probe's clauses;
 * COMM, FORK, EXIT and MMAP2 records keep the process table and the
 * symbol tables current. */
#include <stdio.h>
#include <string.h>

#include "runtime/rt.h"
#include "runtime/stacks.h"

/* Parse a sample in the field order of perf_event_open(2). */
int rt_parse_sample(const struct perf_event_header *h, uint64_t type, prov_sample *smp)
{
	const uint8_t *p = (const uint8_t *)(h + 1);
	/* bytes left after p: every field is checked against it, counts and
	 * sizes included, so no arithmetic on p can leave the record */
	size_t left = h->size > sizeof(*h) ? h->size - sizeof(*h) : 0;
	uint32_t u[2];

#define TAKE(n) do { if ((uint64_t)(n) > left) return -1; p += (n); left -= (n); } while (0)
	memset(smp, 0, sizeof(*smp));
	smp->misc = h->misc;
	TAKE(8); /* identifier */
	if (type & PERF_SAMPLE_IP) {
		if (left < 8)
			return -1;
		memcpy(&smp->ip, p, 8);
		TAKE(8);
	}
	if (left < 8)
		return -1;
	memcpy(u, p, 8);
	smp->pid = (int32_t)u[0];
	smp->tid = (int32_t)u[1];
	TAKE(8);
	if (type & PERF_SAMPLE_TIME) { /* not in untimed samples (rt_session.untimed) */
		if (left < 8)
			return -1;
		memcpy(&smp->time, p, 8);
		TAKE(8);
	}
	if (type & PERF_SAMPLE_CPU) { /* dtr's samples leave it to their ring */
		if (left < 8)
			return -1;
		memcpy(u, p, 8);
		smp->cpu = u[0];
		TAKE(8);
	}
	if (type & PERF_SAMPLE_READ) { /* its group's counts and ids, for promote.c */
		uint64_t nr;
		if (left < 8)
			return -1;
		memcpy(&nr, p, 8);
		if (nr > (left - 8) / 16)
			return -1;
		smp->read = p;
		TAKE(8 + 16 * nr);
	}
	if (type & PERF_SAMPLE_CALLCHAIN) {
		if (left < 8)
			return -1;
		memcpy(&smp->nchain, p, 8);
		TAKE(8);
		if (smp->nchain > left / 8)
			return -1;
		smp->callchain = (const uint64_t *)p;
		TAKE(8 * smp->nchain);
	}
	if (type & PERF_SAMPLE_RAW) {
		if (left < 4)
			return -1;
		memcpy(&smp->rawlen, p, 4);
		if (smp->rawlen > left - 4)
			return -1;
		smp->raw = p + 4;
		uint64_t padded = (4 + (uint64_t)smp->rawlen + 7) & ~7ull; /* the raw part is padded to 8 */
		TAKE(padded < left ? padded : left);
	}
	if (type & PERF_SAMPLE_REGS_USER) {
		uint64_t abi;
		if (left < 8)
			return -1;
		memcpy(&abi, p, 8);
		TAKE(8);
		if (abi) {
			smp->regs = (const uint64_t *)p;
			TAKE(8 * __builtin_popcountll(RT_USTACK_REGS));
		}
	}
	if (type & PERF_SAMPLE_STACK_USER) {
		uint64_t size, dyn;
		if (left < 8)
			return -1;
		memcpy(&size, p, 8);
		TAKE(8);
		if (size) {
			smp->ustack = p;
			TAKE(size);
			if (left < 8)
				return -1;
			memcpy(&dyn, p, 8);
			smp->ustack_size = dyn < size ? dyn : size;
			TAKE(8);
		}
	}
#undef TAKE
	return 0;
}

/* Kernel frames from the callchain; user frames unwound from the sampled
 * stack and registers, or else the callchain's user part (frame pointers). */
static void stacks_of(rt_session *s, const prov_sample *smp, pvm_ctx *ctx, uint64_t *kpcs,
		      uint64_t *upcs)
{
	int user = 0;
	uint32_t nk = 0, nu = 0;
	/* -x maxframes bounds every stack and stack depth */
	uint32_t max = s->opts.maxframes < PVM_MAX_FRAMES ? (uint32_t)s->opts.maxframes : PVM_MAX_FRAMES;

	for (uint64_t i = 0; i < smp->nchain; i++) {
		uint64_t pc = smp->callchain[i];
		if (pc >= (uint64_t)PERF_CONTEXT_MAX) {
			user = pc == (uint64_t)PERF_CONTEXT_USER;
			continue;
		}
		if (!user && nk < max)
			kpcs[nk++] = pc;
		else if (user && nu < max)
			upcs[nu++] = pc;
	}
	if (s->prog->ustack && smp->regs && smp->ustack && s->stacks) {
		int n = rt_stacks_unwind(s->stacks, smp->pid, smp->regs, smp->ustack,
					 (size_t)smp->ustack_size, upcs, max);
		if (n > 0)
			nu = (uint32_t)n;
	}
	ctx->kstack = kpcs;
	ctx->nkstack = nk;
	ctx->ustack = upcs;
	ctx->nustack = nu;
}

/* A sample: its provider names the probe and its arguments, the process
 * table its process, and the clauses of the probe run. */
static void sample(rt_session *s, prov_sample *smp, int evi, uint64_t type, uint32_t cpu)
{
	prov_fire f;
	pvm_ctx ctx;

	if (!(type & PERF_SAMPLE_CPU))
		smp->cpu = cpu;
	prov_event *ev = &s->evs[evi];
	/* the kernel's filter leaves out dtr's main thread (make_filter); its
	 * other threads (reading /proc, making rings) are left out here */
	if (smp->pid == s->self && ev->has_pid_field && !ev->pid_field)
		return;
	memset(&f, 0, sizeof(f));
	/* a wide event's sample without raw data: its clauses cannot tell
	 * which of its probes fired (rt_sample_type) */
	uint32_t probe = ev->probes && !(type & PERF_SAMPLE_RAW) ? ev->probes[0] : ev->decode(ev, smp, &f);
	if (!probe)
		return;
	rt_promote_tally(s, evi, smp->cpu, probe, smp->tid);
	if (f.tid || f.pid == -1) {
		/* the probe fires as another thread (sched:::on-cpu), perhaps idle (0) */
		smp->tid = f.tid;
		smp->pid = f.pid > 0 ? f.pid : f.tid ? rt_proctab_get(s->procs, f.tid)->pid : 0;
	}
	/* an unknown thread is worth a word only to a program that asks */
	const rt_proc *pr = rt_proctab_lookup(s->procs, smp->tid, (s->sees_any & RT_READS_PROC) != 0);
	memset(&ctx, 0, sizeof(ctx));
	for (int i = 0; i < 10; i++)
		ctx.b[PVM_B_ARG0 + i] = (uint64_t)f.args[i];
	ctx.b[PVM_B_PID] = (uint64_t)(int64_t)smp->pid;
	ctx.b[PVM_B_TID] = (uint64_t)(int64_t)smp->tid;
	ctx.b[PVM_B_PPID] = (uint64_t)(int64_t)pr->ppid;
	ctx.b[PVM_B_UID] = pr->uid;
	ctx.b[PVM_B_GID] = pr->gid;
	ctx.b[PVM_B_CPU] = smp->cpu;
	ctx.b[PVM_B_TIMESTAMP] = smp->time;
	ctx.b[PVM_B_ERRNO] = (uint64_t)(int64_t)f.err;
	const char *comm = f.comm ? f.comm : pr->comm;
	char idle[24];
	if (smp->tid == 0 && !f.comm) {
		/* the idle thread: Linux names CPU n's swapper/n */
		snprintf(idle, sizeof(idle), "swapper/%u", smp->cpu);
		comm = idle;
	}
	ctx.b[PVM_B_EXECNAME] = (uint64_t)(uintptr_t)comm;
	ctx.raw = smp->raw;
	ctx.rawlen = smp->rawlen;
	/* uregs[]: the sampled registers in DTrace's R_* order (regs.d) */
	static const int8_t rorder[] = { PROV_R_R15, PROV_R_R14, PROV_R_R13, PROV_R_R12, PROV_R_BP,
		PROV_R_BX, PROV_R_R11, PROV_R_R10, PROV_R_R9, PROV_R_R8, PROV_R_AX, PROV_R_CX, PROV_R_DX,
		PROV_R_SI, PROV_R_DI, -1, PROV_R_IP, -1, -1, PROV_R_SP };
	uint64_t uregs[sizeof(rorder)];
	if (s->prog->uregs && smp->regs) {
		for (size_t i = 0; i < sizeof(rorder); i++)
			uregs[i] = rorder[i] >= 0 ? smp->regs[rorder[i]] : 0;
		ctx.uregs = uregs;
		ctx.nuregs = sizeof(rorder);
	}
	uint64_t kpcs[PVM_MAX_FRAMES], upcs[PVM_MAX_FRAMES];
	if (smp->callchain)
		stacks_of(s, smp, &ctx, kpcs, upcs);
	if (s->prog->usyms && s->stacks) {
		/* load the process's modules while it lives: usym() keys are
		 * printed at the end, perhaps after it is gone */
		char sym[8];
		rt_stacks_mod(s->stacks, smp->pid, 0, sym, sizeof(sym));
	}
	s->firing = &f;
	s->firing_tid = smp->tid;
	rt_fire(s, probe, &ctx, smp->cpu);
	for (int i = 0; i < 3 && f.also[i]; i++)
		rt_fire(s, f.also[i], &ctx, smp->cpu);
	s->firing = NULL;
}

void rt_decode_record(void *arg, const struct perf_event_header *h, int ev, uint64_t sample_type,
		      uint32_t cpu)
{
	rt_session *s = arg;
	const uint8_t *p = (const uint8_t *)(h + 1);
	uint32_t a, b, c, d;

	switch (h->type) {
	case PERF_RECORD_SAMPLE: {
		prov_sample smp;
		if (rt_parse_sample(h, sample_type, &smp) < 0)
			break;
		if (smp.read)
			rt_promote_reading(s, smp.read, smp.pid, smp.tid);
		if (ev != RT_EV_READING)
			sample(s, &smp, ev, sample_type, cpu);
		break;
	}
	case PERF_RECORD_COMM: {
		char comm[16];
		memcpy(&a, p, 4);
		memcpy(&b, p + 4, 4);
		snprintf(comm, sizeof(comm), "%s", (const char *)(p + 8));
		rt_proctab_comm(s->procs, (int32_t)a, (int32_t)b, comm);
		if (s->stacks && (h->misc & PERF_RECORD_MISC_COMM_EXEC) && a == b)
			rt_stacks_exec(s->stacks, (int32_t)a);
		break;
	}
	case PERF_RECORD_FORK:
		memcpy(&a, p, 4);      /* pid */
		memcpy(&b, p + 4, 4);  /* ppid */
		memcpy(&c, p + 8, 4);  /* tid */
		memcpy(&d, p + 12, 4); /* ptid */
		rt_proctab_fork(s->procs, (int32_t)a, (int32_t)b, (int32_t)c, (int32_t)d);
		if (s->stacks && a == c && a != b)
			rt_stacks_fork(s->stacks, (int32_t)a, (int32_t)b);
		break;
	case PERF_RECORD_MMAP2:
		/* pid tid addr len pgoff (maj min ino ino_gen | build id) prot flags filename */
		if (h->size >= sizeof(*h) + 64) {
			uint64_t addr, len, pgoff;
			memcpy(&a, p, 4);
			memcpy(&addr, p + 8, 8);
			memcpy(&len, p + 16, 8);
			memcpy(&pgoff, p + 24, 8);
			const char *file = (const char *)(p + 64);
			size_t room = h->size - sizeof(*h) - 64;
			if (!memchr(file, 0, room) || file[0] != '/')
				break;
			if (s->stacks)
				rt_stacks_mmap(s->stacks, (int32_t)a, addr, len, pgoff, file);
			if (s->watch_maps)
				rt_session_mapped(s, (int32_t)a, file);
		}
		break;
	case PERF_RECORD_SWITCH_CPU_WIDE:
		/* switching out: the thread switched to (next_prev_pid, _tid) */
		if (h->misc & PERF_RECORD_MISC_SWITCH_OUT) {
			memcpy(&a, p, 4);
			memcpy(&b, p + 4, 4);
			rt_promote_switch(s, cpu, (int32_t)a, (int32_t)b);
		}
		break;
	case PERF_RECORD_EXIT:
		memcpy(&c, p + 8, 4);
		rt_proctab_exit(s->procs, (int32_t)c);
		break;
	}
}
