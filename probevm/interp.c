/* The probe VM interpreter: runs one verified clause for one probe firing.
 * Dispatch is a computed-goto table expanded from PVM_ISA, so every opcode
 * has a handler; the verifier has already rejected anything malformed, so
 * handlers trust operand registers, types and jump targets. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "probevm/agg.h"
#include "probevm/dynvar.h"
#include "probevm/pvm.h"
#include "probevm/subr.h"

static int rec_reserve(pvm_recbuf *rb, size_t n)
{
	if (rb->len + n <= rb->cap)
		return 0;
	size_t cap = rb->cap ? rb->cap : 4096;
	while (cap < rb->len + n)
		cap *= 2;
	uint8_t *d = realloc(rb->data, cap);
	if (!d)
		return -1;
	rb->data = d;
	rb->cap = cap;
	return 0;
}

/* Append a record; returns its payload (size bytes, padding zeroed). */
static uint8_t *rec_add(pvm_recbuf *rb, uint16_t kind, uint16_t id, uint32_t size)
{
	size_t padded = (size + 7) & ~(size_t)7;
	pvm_rechdr *h;

	if (rec_reserve(rb, sizeof(*h) + padded) < 0)
		return NULL;
	h = (pvm_rechdr *)(rb->data + rb->len);
	h->kind = kind;
	h->id = id;
	h->size = size;
	memset(rb->data + rb->len + sizeof(*h), 0, padded);
	rb->len += sizeof(*h) + padded;
	return (uint8_t *)(h + 1);
}

/* Let this clause's memory instructions reach the len bytes at p (a
 * dynamic object); -1 when too many are reached already. */
static int tmem_add(pvm_state *st, uint8_t *p, uint32_t len)
{
	for (uint32_t i = 0; i < st->ntmem; i++)
		if (st->tmem[i].p == p)
			return 0;
	if (st->ntmem == sizeof(st->tmem) / sizeof(st->tmem[0]))
		return -1;
	st->tmem[st->ntmem].p = p;
	st->tmem[st->ntmem++].len = len;
	return 0;
}

/* The built-ins LDB computes when read; the others are ctx->b[] */
#define COMPUTED_BUILTINS                                                                             \
	(1ull << PVM_B_WALLTIMESTAMP | 1ull << PVM_B_STACKDEPTH | 1ull << PVM_B_USTACKDEPTH |         \
	 1ull << PVM_B_CALLER | 1ull << PVM_B_UCALLER)
_Static_assert(PVM_NBUILTINS <= 64, "LDB tests a built-in in a 64-bit mask");

/* How long this firing's clauses have run when walltimestamp is read: 0 at
 * its first read, which is the event's time. */
static uint64_t wall_elapsed(pvm_state *st)
{
	if (!st->env.now)
		return 0;
	uint64_t t = st->env.now(st->env.arg);
	if (!st->wall_t0)
		st->wall_t0 = t;
	return t - st->wall_t0;
}

/* The encoded tuple of an aggregation's or array's key in keybuf: one
 * short string (@[execname], @[probefunc]) without the general loop. */
static inline size_t tuple_key(pvm_state *st, uint8_t *keybuf, size_t cap)
{
	size_t l;

	if (st->ntuple == 1 && st->ttype[0] == PT_STR && st->tuple[0] && st->strsize > 16 &&
	    (l = pvm_short_string(keybuf, (const char *)(uintptr_t)st->tuple[0])))
		return l;
	return pvm_tuple_encode(keybuf, cap, st->tuple, st->ttype, st->ntuple, st->strsize);
}

int pvm_run(pvm_state *st, const pvm_code *code, const pvm_ctx *ctx, uint32_t cpu,
	    pvm_faultinfo *fault)
{
	static const void *const dispatch[PVM_NOPS] = {
#define PVM_LABEL(name, fmt, fl, ta, tb, tc, doc) [PVM_##name] = &&op_##name,
		PVM_ISA(PVM_LABEL)
#undef PVM_LABEL
	};
	const pvm_prog *prog = st->prog;
	const pvm_insn *pc = code->insns, *insn;
	uint64_t r[PVM_NREGS];
	size_t rec_start = st->rec.len;
	uint8_t keybuf[PVM_MAX_TUPLE * (8 + PVM_MAX_STRSIZE)];
	int fk = PVM_FAULT_NONE;
	uint64_t faddr = 0;

	st->ntuple = 0;
	st->scratch_used = 0;
	st->amem_used = 0;
	st->ntmem = 0;
	if (st->dyn->deleted)
		pvm_dyn_reap(st->dyn);
#define NEXT() do { insn = pc++; goto *dispatch[insn->op]; } while (0)
#define A r[insn->a]
#define B r[insn->b]
#define C r[insn->c]
#define ALU(name, expr) op_##name: A = (expr); NEXT();
/* A string operand may be NULL (an unset string variable, strchr finding
 * nothing): using it is DTrace's invalid address fault. */
#define NONNULL(v) do { if (!(v)) { fk = PVM_FAULT_BADADDR; faddr = 0; goto fault; } } while (0)
#define TUPLE_KEY() tuple_key(st, keybuf, sizeof(keybuf))
	NEXT();

op_NOP:
	NEXT();
op_LDI:
	A = (uint64_t)(int64_t)insn->imm;
	NEXT();
op_LDK:
	A = (uint64_t)prog->consts[insn->imm];
	NEXT();
op_LDS:
	A = insn->imm < 0 ? 0 : (uint64_t)(uintptr_t)prog->strs[insn->imm];
	NEXT();
op_MOV:
	A = B;
	NEXT();
ALU(ADD, B + C)
ALU(SUB, B - C)
ALU(MUL, B * C)
ALU(AND, B & C)
ALU(OR, B | C)
ALU(XOR, B ^ C)
/* shift counts beyond 63 are undefined in C: D masks them */
ALU(SHL, B << (C & 63))
ALU(SHR, B >> (C & 63))
ALU(SAR, (uint64_t)((int64_t)B >> (C & 63)))
ALU(NEG, -B)
ALU(NOT, ~B)
ALU(LNOT, !B)
ALU(EQ, B == C)
ALU(NE, B != C)
ALU(LT, (int64_t)B < (int64_t)C)
ALU(LE, (int64_t)B <= (int64_t)C)
ALU(LTU, B < C)
ALU(LEU, B <= C)
op_SDIV:
	if (C == 0)
		goto div_fault;
	/* INT64_MIN / -1 overflows in C (it traps on x86): D wraps it */
	A = ((int64_t)C == -1) ? -B : (uint64_t)((int64_t)B / (int64_t)C);
	NEXT();
op_UDIV:
	if (C == 0)
		goto div_fault;
	A = B / C;
	NEXT();
op_SREM:
	if (C == 0)
		goto div_fault;
	A = ((int64_t)C == -1) ? 0 : (uint64_t)((int64_t)B % (int64_t)C);
	NEXT();
op_UREM:
	if (C == 0)
		goto div_fault;
	A = B % C;
	NEXT();
op_SEXT: {
	int sh = 64 - 8 * insn->imm;
	A = (uint64_t)((int64_t)(A << sh) >> sh);
	NEXT();
}
op_ZEXT: {
	int sh = 64 - 8 * insn->imm;
	A = (A << sh) >> sh;
	NEXT();
}
op_SCMP: {
	/* NULL sorts before every string, "" included, and equals NULL (as
	 * DTrace's string comparisons) */
	int c = !B || !C ? (B != 0) - (C != 0) :
		strncmp((const char *)(uintptr_t)B, (const char *)(uintptr_t)C, st->strsize - 1);
	A = (uint64_t)(int64_t)((c > 0) - (c < 0));
	NEXT();
}
/* s[C] and s + C: an offset within strsize, else an invalid address */
#define STR_AT_C(s) do { \
		NONNULL(s); \
		if ((int64_t)C < 0 || C >= st->strsize) { \
			fk = PVM_FAULT_BADADDR; \
			faddr = B + C; \
			goto fault; \
		} \
	} while (0)
op_SIDX: {
	const char *s = (const char *)(uintptr_t)B;
	STR_AT_C(s);
	A = C < strnlen(s, st->strsize - 1) ? (uint64_t)(int64_t)(signed char)s[C] : 0;
	NEXT();
}
op_SADD: {
	const char *s = (const char *)(uintptr_t)B;
	STR_AT_C(s);
	size_t l = strnlen(s, st->strsize - 1);
	A = (uint64_t)(uintptr_t)(s + (C < l ? C : l));
	NEXT();
}
op_JMP:
	pc += insn->imm;
	NEXT();
op_JZ:
	if (!A)
		pc += insn->imm;
	NEXT();
op_JNZ:
	if (A)
		pc += insn->imm;
	NEXT();
op_JEQ:
	if (A == B)
		pc += insn->imm;
	NEXT();
op_JNE:
	if (A != B)
		pc += insn->imm;
	NEXT();
op_LDB:
	/* most built-ins are the firing's values; a few are computed on use */
	if (__builtin_expect(!((COMPUTED_BUILTINS >> (uint32_t)insn->imm) & 1), 1)) {
		A = ctx->b[insn->imm];
		NEXT();
	}
	switch (insn->imm) {
	/* the ones computed from the firing's stacks or the process, on use */
	case PVM_B_STACKDEPTH: A = ctx->nkstack; break;
	case PVM_B_USTACKDEPTH: A = ctx->nustack; break;
	case PVM_B_CALLER: A = ctx->nkstack > 1 ? ctx->kstack[1] : 0; break;
	case PVM_B_UCALLER: A = ctx->nustack > 1 ? ctx->ustack[1] : 0; break;
	case PVM_B_WALLTIMESTAMP: A = ctx->b[insn->imm] + wall_elapsed(st); break;
	default: A = ctx->b[insn->imm];
	}
	NEXT();
op_LDG:
	A = st->gvals[insn->imm];
	NEXT();
op_STG:
	if (prog->vars[insn->imm].type == PT_STR) {
		/* a NULL string is kept as NULL; any other is copied to the slot */
		char *dst = st->gstr + (size_t)insn->imm * st->strsize;
		const char *src = (const char *)(uintptr_t)A;
		if (src) {
			size_t l = strnlen(src, st->strsize - 1);
			memmove(dst, src, l);
			dst[l] = 0;
		}
		st->gvals[insn->imm] = src ? (uint64_t)(uintptr_t)dst : 0;
	} else {
		st->gvals[insn->imm] = A;
	}
	NEXT();
op_LDT:
op_LDA: {
	const pvm_vardesc *v = &prog->vars[insn->imm];
	uint64_t tid = ctx->b[PVM_B_TID];
	size_t kl = insn->op == PVM_LDT ? 8 : TUPLE_KEY();
	pvm_dynent *e = pvm_dyn_get(st->dyn, (uint32_t)insn->imm,
				    insn->op == PVM_LDT ? (const uint8_t *)&tid : keybuf, (uint32_t)kl, 0, 0, 0);
	A = e ? e->val : 0;
	if (insn->op == PVM_LDA)
		st->ntuple = 0; /* the element's keys are used up; a thread's variable takes none */
	(void)v;
	NEXT();
}
op_STT:
op_STA: {
	const pvm_vardesc *v = &prog->vars[insn->imm];
	uint64_t tid = ctx->b[PVM_B_TID];
	size_t kl = insn->op == PVM_STT ? 8 : TUPLE_KEY();
	const uint8_t *key = insn->op == PVM_STT ? (const uint8_t *)&tid : keybuf;
	if (insn->op == PVM_STA)
		st->ntuple = 0;
	if (A == 0) {
		/* storing zero (or a NULL string) frees the element */
		pvm_dyn_del(st->dyn, (uint32_t)insn->imm, key, (uint32_t)kl);
		NEXT();
	}
	/* an element costs its value's bytes, an array's also its key's */
	uint32_t charge = v->type == PT_STR ? st->strsize : v->vsize ? v->vsize : 8;
	if (insn->op == PVM_STA)
		charge += (uint32_t)kl;
	pvm_dynent *e = pvm_dyn_get(st->dyn, (uint32_t)insn->imm, key, (uint32_t)kl, 1,
				    v->type == PT_STR ? st->strsize : 0, charge);
	if (!e)
		NEXT(); /* a dynamic variable drop, counted by the table */
	if (v->type == PT_STR) {
		char *dst = (char *)(uintptr_t)e->val;
		size_t l = strnlen((const char *)(uintptr_t)A, st->strsize - 1);
		memmove(dst, (const char *)(uintptr_t)A, l);
		dst[l] = 0;
	} else {
		e->val = A;
	}
	NEXT();
}
op_DEL: {
	uint64_t tid = ctx->b[PVM_B_TID];
	int thread = prog->vars[insn->imm].scope == PVM_THREAD;
	size_t kl = thread ? 8 : TUPLE_KEY();
	pvm_dyn_del(st->dyn, (uint32_t)insn->imm, thread ? (const uint8_t *)&tid : keybuf, (uint32_t)kl);
	if (!thread)
		st->ntuple = 0; /* an element's keys are used up; a thread's variable takes none */
	NEXT();
}
op_LDL:
	A = st->cvals[insn->imm];
	NEXT();
op_STL:
	if (prog->vars[insn->imm].type == PT_STR) {
		char *dst = st->cstr + (size_t)insn->imm * st->strsize;
		if (!A) {
			st->cvals[insn->imm] = 0; /* a NULL string stays NULL */
			NEXT();
		}
		size_t l = strnlen((const char *)(uintptr_t)A, st->strsize - 1);
		memmove(dst, (const char *)(uintptr_t)A, l);
		dst[l] = 0;
		st->cvals[insn->imm] = (uint64_t)(uintptr_t)dst;
	} else {
		st->cvals[insn->imm] = A;
	}
	NEXT();
op_LDX: {
	const pvm_field *f = &prog->fields[insn->imm];
	uint32_t off = f->offset, len = f->size;
	if (f->kind == PVM_FLD_DATALOC || f->kind == PVM_FLD_RELLOC) {
		uint32_t loc;
		if (!ctx->raw || (uint64_t)off + 4 > ctx->rawlen) {
			fk = PVM_FAULT_BADADDR;
			faddr = off;
			goto fault;
		}
		memcpy(&loc, ctx->raw + off, 4);
		off = (loc & 0xffff) + (f->kind == PVM_FLD_RELLOC ? off + 4 : 0);
		len = loc >> 16;
	}
	if (!ctx->raw || (uint64_t)off + len > ctx->rawlen) {
		fk = PVM_FAULT_BADADDR;
		faddr = off;
		goto fault;
	}
	if (f->kind == PVM_FLD_INT) {
		uint64_t v = 0;
		memcpy(&v, ctx->raw + off, len); /* little-endian */
		int sh = 64 - 8 * (int)len;
		A = sh ? (f->sign ? (uint64_t)((int64_t)(v << sh) >> sh) : v) : v;
		NEXT();
	}
	if (f->kind == PVM_FLD_BYTES) {
		uint8_t *m = pvm_alloca(st, len);
		if (!m)
			goto nospace;
		memcpy(m, ctx->raw + off, len);
		A = (uint64_t)(uintptr_t)m;
		NEXT();
	}
	char *dst = (char *)pvm_alloca(st, st->strsize);
	if (!dst)
		goto nospace;
	if (len > st->strsize - 1)
		len = st->strsize - 1;
	memcpy(dst, ctx->raw + off, len);
	dst[len] = 0;
	A = (uint64_t)(uintptr_t)dst;
	NEXT();
}
op_LDM: {
	int size = insn->imm & ~PVM_SIGNED;
	const uint8_t *m = pvm_mem(st, B, (uint64_t)size);
	uint64_t v = 0;
	if (!m) {
		fk = PVM_FAULT_BADADDR;
		faddr = B;
		goto fault;
	}
	memcpy(&v, m, (size_t)size); /* little-endian */
	int sh = 64 - 8 * size;
	A = sh && (insn->imm & PVM_SIGNED) ? (uint64_t)((int64_t)(v << sh) >> sh) : v;
	NEXT();
}
op_STM: {
	uint8_t *m = pvm_mem(st, B, (uint64_t)insn->imm);
	if (!m) {
		fk = PVM_FAULT_BADADDR;
		faddr = B;
		goto fault;
	}
	memcpy(m, &A, (size_t)insn->imm);
	NEXT();
}
op_STRM: {
	/* the bytes up to a NUL, strsize or the end of checked memory */
	size_t max = insn->imm ? (size_t)insn->imm : st->strsize - 1;
	int64_t room;
	const uint8_t *m = pvm_mem_at(st, B, &room);
	if (!m || room < 1) {
		fk = PVM_FAULT_BADADDR;
		faddr = B;
		goto fault;
	}
	if (max > st->strsize - 1)
		max = st->strsize - 1;
	if (max > (uint64_t)room)
		max = (size_t)room;
	size_t len = strnlen((const char *)m, max);
	char *dst = (char *)pvm_alloca(st, st->strsize);
	if (!dst)
		goto nospace;
	memcpy(dst, m, len);
	dst[len] = 0;
	A = (uint64_t)(uintptr_t)dst;
	NEXT();
}
op_LDGA:
	A = (uint64_t)(uintptr_t)(st->gmem + insn->imm);
	NEXT();
op_LDLA:
	A = (uint64_t)(uintptr_t)(st->lmem + insn->imm);
	NEXT();
op_LDTA:
op_LDAA:
op_MKAA: {
	/* a thread-local struct, or an array's struct element: its bytes live
	 * in the dynamic variable (made zeroed when a store needs it) */
	const pvm_vardesc *v = &prog->vars[insn->imm];
	uint64_t tid = ctx->b[PVM_B_TID];
	size_t kl = insn->op == PVM_LDTA ? 8 : TUPLE_KEY();
	const uint8_t *key = insn->op == PVM_LDTA ? (const uint8_t *)&tid : keybuf;
	if (insn->op != PVM_LDTA)
		st->ntuple = 0;
	pvm_dynent *e = pvm_dyn_get(st->dyn, (uint32_t)insn->imm, key, (uint32_t)kl, 0, 0, 0);
	if (!e && insn->op == PVM_LDAA) {
		/* an unset element reads as zeroes, and is not made */
		uint8_t *z = pvm_alloca(st, v->size);
		if (!z)
			goto nospace;
		memset(z, 0, v->size);
		A = (uint64_t)(uintptr_t)z;
		NEXT();
	}
	if (!e && (e = pvm_dyn_get(st->dyn, (uint32_t)insn->imm, key, (uint32_t)kl, 1, v->size,
				    v->size + (insn->op == PVM_MKAA ? (uint32_t)kl : 0))))
		memset((void *)(uintptr_t)e->val, 0, v->size);
	A = e ? e->val : 0; /* 0: a dynamic variable drop, and loads from it fault */
	if (e && tmem_add(st, (uint8_t *)(uintptr_t)e->val, v->size) < 0)
		goto nospace;
	NEXT();
}
op_TRACEM: {
	const uint8_t *m = pvm_mem(st, A, B);
	if (!m) {
		fk = PVM_FAULT_BADADDR;
		faddr = A;
		goto fault;
	}
	uint8_t *p = rec_add(&st->rec, PVM_REC_TRACE_MEM, (uint16_t)insn->imm, (uint32_t)B);
	if (!p)
		goto nospace;
	memcpy(p, m, (size_t)B);
	NEXT();
}
op_CALL: {
	const pvm_subrinfo *si = &pvm_subrs[insn->imm];
	uint64_t out = 0;
	/* a string argument pushed as possibly NULL (PUSHS imm 1) is checked
	 * here: the subroutines take their strings as valid */
	for (uint32_t i = 0; i < st->ntuple; i++)
		if (st->ttype[i] == PT_STR && !st->tuple[i]) {
			st->ntuple = 0;
			fk = PVM_FAULT_BADADDR;
			faddr = 0;
			goto fault;
		}
	fk = pvm_subr_call(st, insn->imm, st->tuple, st->ntuple, ctx, &out, &faddr);
	st->ntuple = 0;
	if (fk != PVM_FAULT_NONE)
		goto fault;
	A = out;
	(void)si;
	NEXT();
}
op_ACT: {
	/* up to PVM_MAX_ARGS values: encoded straight into the record,
	 * keybuf holds PVM_MAX_TUPLE keys only */
	size_t kl = pvm_tuple_len(st->tuple, st->ttype, st->ntuple, st->strsize);
	uint8_t *p = rec_add(&st->rec, PVM_REC_ACT, (uint16_t)insn->imm, (uint32_t)kl);
	if (!p)
		goto nospace;
	pvm_tuple_encode(p, kl, st->tuple, st->ttype, st->ntuple, st->strsize);
	st->ntuple = 0;
	NEXT();
}
op_STK:
op_SYMV: {
	int user = insn->imm & 1, n;
	const uint64_t *pcs;
	uint64_t one = B;
	if (insn->op == PVM_STK) {
		n = insn->imm >> 1;
		pcs = user ? ctx->ustack : ctx->kstack;
		if (n > (int)(user ? ctx->nustack : ctx->nkstack) || n == 0)
			n = (int)(user ? ctx->nustack : ctx->nkstack);
		if (n > PVM_MAX_FRAMES)
			n = PVM_MAX_FRAMES;
	} else {
		n = 1;
		pcs = &one;
	}
	size_t need = sizeof(pvm_stackval) + (size_t)n * 8;
	pvm_stackval *sv = (pvm_stackval *)pvm_alloca(st, need);
	if (!sv)
		goto nospace;
	sv->n = (uint16_t)n;
	sv->user = (uint8_t)user;
	sv->form = insn->op == PVM_STK ? PVM_STACK : (uint8_t)(insn->imm >> 1);
	sv->pid = (int32_t)ctx->b[PVM_B_PID];
	if (n)
		memcpy(sv->pcs, pcs, (size_t)n * 8);
	A = (uint64_t)(uintptr_t)sv;
	NEXT();
}
op_PUSHK:
	if (st->ntuple == PVM_MAX_ARGS)
		goto tuple_full;
	st->ttype[st->ntuple] = PT_STACK;
	st->tuple[st->ntuple++] = A;
	NEXT();
op_TRACEK: {
	const pvm_stackval *sv = (const pvm_stackval *)(uintptr_t)A;
	uint32_t l = (uint32_t)(sizeof(*sv) + sv->n * 8u);
	uint8_t *p = rec_add(&st->rec, PVM_REC_TRACE_STACK, 0, l);
	if (!p)
		goto nospace;
	memcpy(p, sv, l);
	NEXT();
}
op_PUSHI:
	if (st->ntuple == PVM_MAX_ARGS)
		goto tuple_full;
	st->ttype[st->ntuple] = PT_INT;
	st->tuple[st->ntuple++] = A;
	NEXT();
op_PUSHS:
	if (st->ntuple == PVM_MAX_ARGS)
		goto tuple_full;
	if (!insn->imm)
		NONNULL(A);
	st->ttype[st->ntuple] = PT_STR;
	st->tuple[st->ntuple++] = A;
	NEXT();
op_AGG: {
	const pvm_aggdesc *d = &prog->aggs[insn->imm];
	size_t kl = TUPLE_KEY();
	pvm_aggent *e = pvm_aggtab_get(st->aggtab[cpu], d, (uint32_t)insn->imm, keybuf,
				       (uint32_t)kl);
	if (e) /* (count() is AGGC's) */
		pvm_agg_apply(d, e->vals, (int64_t)B, (int64_t)A);
	st->ntuple = 0;
	NEXT();
}
op_AGGC: {
	size_t kl = TUPLE_KEY();
	pvm_aggent *e = pvm_aggtab_get(st->aggtab[cpu], &prog->aggs[insn->imm], (uint32_t)insn->imm,
				       keybuf, (uint32_t)kl);
	if (e)
		e->vals[0]++;
	st->ntuple = 0;
	NEXT();
}
op_TRACEI: {
	uint8_t *p = rec_add(&st->rec, PVM_REC_TRACE_INT, (uint16_t)insn->imm, 8);
	if (!p)
		goto nospace;
	memcpy(p, &A, 8);
	NEXT();
}
op_TRACES: {
	NONNULL(A);
	const char *s = (const char *)(uintptr_t)A;
	size_t l = strnlen(s, st->strsize - 1);
	uint8_t *p = rec_add(&st->rec, PVM_REC_TRACE_STR, 0, (uint32_t)l + 1);
	if (!p)
		goto nospace;
	memcpy(p, s, l);
	NEXT();
}
op_PRINTF: {
	size_t kl = pvm_tuple_len(st->tuple, st->ttype, st->ntuple, st->strsize);
	uint8_t *p = rec_add(&st->rec, PVM_REC_PRINTF, (uint16_t)insn->imm, (uint32_t)kl);
	if (!p)
		goto nospace;
	pvm_tuple_encode(p, kl, st->tuple, st->ttype, st->ntuple, st->strsize);
	st->ntuple = 0;
	NEXT();
}
op_EXIT: {
	uint8_t *p = rec_add(&st->rec, PVM_REC_EXIT, 0, 8);
	if (!p)
		goto nospace;
	memcpy(p, &A, 8);
	NEXT();
}
op_SPECID:
	if (st->env.spec_id_ok && !st->env.spec_id_ok(st->env.arg, (int64_t)A)) {
		fk = PVM_FAULT_ILLOP;
		goto fault;
	}
	NEXT();
op_RET:
	return 0;
op_FALSE:
	st->rec.len = rec_start;
	return 1;

div_fault:
	fk = PVM_FAULT_DIVZERO;
	goto fault;
tuple_full:
	fk = PVM_FAULT_TUPLE;
	goto fault;
nospace:
	fk = PVM_FAULT_NOSPACE;
fault:
	st->rec.len = rec_start;
	st->ntuple = 0;
	fault->kind = fk;
	fault->pc = (uint32_t)(insn - code->insns);
	fault->addr = faddr;
	return -1;
#undef NEXT
#undef A
#undef B
#undef C
#undef ALU
}
