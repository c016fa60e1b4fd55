/* The verifier: a clause reaches the interpreter only after this pass has
 * proved it well formed. Two passes: control flow (opcodes known, registers
 * in range, jumps forward and in range, no falling off the end), then a walk
 * in program order (which visits every predecessor first, since jumps only
 * go forward) tracking which registers are written, what type each holds
 * and the tuple stack depth, and checking every operand against the
 * program's tables. Unreachable instructions are rejected. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probevm/pvm.h"

typedef struct vstate {
	uint8_t reached;
	uint16_t init;                 /* bit i: register i written */
	uint8_t type[PVM_NREGS];
	uint8_t depth;                 /* tuple stack depth */
	uint8_t ttype[PVM_MAX_ARGS];
} vstate;

static int fail(char *msg, size_t len, uint32_t pc, const pvm_insn *in, const char *fmt, ...)
{
	char tail[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tail, sizeof(tail), fmt, ap);
	va_end(ap);
	snprintf(msg, len, "instruction %u (%s): %s", pc,
		 in->op < PVM_NOPS ? pvm_ops[in->op].name : "?", tail);
	return -EINVAL;
}

static int check_cfg(const pvm_code *code, char *msg, size_t len)
{
	if (code->n == 0)
		return snprintf(msg, len, "empty clause"), -EINVAL;
	if (code->n > PVM_MAX_INSNS)
		return snprintf(msg, len, "clause has %u instructions, more than %d",
				code->n, PVM_MAX_INSNS), -EINVAL;
	for (uint32_t pc = 0; pc < code->n; pc++) {
		const pvm_insn *in = &code->insns[pc];
		if (in->op >= PVM_NOPS)
			return fail(msg, len, pc, in, "unknown opcode %u", in->op);
		const pvm_opinfo *oi = &pvm_ops[in->op];
		if (in->a >= PVM_NREGS || in->b >= PVM_NREGS || in->c >= PVM_NREGS)
			return fail(msg, len, pc, in, "register out of range");
		if (oi->flags & PV_JMP) {
			if (in->imm < 0)
				return fail(msg, len, pc, in, "backward jump");
			if ((int64_t)pc + 1 + in->imm >= code->n)
				return fail(msg, len, pc, in, "jump past the end");
		}
		if (pc == code->n - 1 && !(oi->flags & PV_END))
			return fail(msg, len, pc, in, "control falls off the end of the clause");
	}
	return 0;
}

static int merge(vstate *dst, const vstate *src)
{
	if (!dst->reached) {
		*dst = *src;
		return 0;
	}
	if (dst->depth != src->depth)
		return -1;
	if (memcmp(dst->ttype, src->ttype, dst->depth) != 0)
		return -2;
	dst->init &= src->init;
	for (int i = 0; i < PVM_NREGS; i++)
		if (dst->type[i] != src->type[i])
			dst->init &= (uint16_t)~(1u << i);
	return 0;
}

static int reg_ok(const vstate *s, int reg, int want)
{
	if (!(s->init & (1u << reg)))
		return 0;
	return want == PT_ANY || s->type[reg] == want;
}

static const char *tname(int t)
{
	return t == PT_STR ? "string" : t == PT_INT ? "integer" : t == PT_STACK ? "stack" : "value";
}

int pvm_verify(const pvm_prog *prog, const pvm_code *code, char *msg, size_t len)
{
	vstate *vs;
	int err;

	if ((err = check_cfg(code, msg, len)) < 0)
		return err;
	if (!(vs = calloc(code->n, sizeof(*vs))))
		return -ENOMEM;
	vs[0].reached = 1;
	err = 0;

	for (uint32_t pc = 0; pc < code->n && !err; pc++) {
		const pvm_insn *in = &code->insns[pc];
		const pvm_opinfo *oi = &pvm_ops[in->op];
		vstate s = vs[pc];
		int wtype = oi->ta;

#define REJECT(...) do { err = fail(msg, len, pc, in, __VA_ARGS__); goto out; } while (0)
		if (!s.reached)
			REJECT("unreachable instruction");
		if ((oi->flags & PV_RA) && !reg_ok(&s, in->a, oi->ta))
			REJECT("r%u %s", in->a, (s.init & (1u << in->a)) ?
			       "has the wrong type" : "read before written");
		if ((oi->flags & PV_RB) && !reg_ok(&s, in->b, oi->tb))
			REJECT("r%u %s", in->b, (s.init & (1u << in->b)) ?
			       "has the wrong type" : "read before written");
		if ((oi->flags & PV_RC) && !reg_ok(&s, in->c, oi->tc))
			REJECT("r%u %s", in->c, (s.init & (1u << in->c)) ?
			       "has the wrong type" : "read before written");

		switch (in->op) {
		case PVM_LDK:
			if (in->imm < 0 || (uint32_t)in->imm >= prog->nconsts)
				REJECT("constant %d out of range", in->imm);
			break;
		case PVM_LDS:
			if (in->imm < -1 || (in->imm >= 0 && (uint32_t)in->imm >= prog->nstrs))
				REJECT("string %d out of range", in->imm);
			break;
		case PVM_LDB:
			if (in->imm < 0 || in->imm >= PVM_NBUILTINS)
				REJECT("built-in variable %d out of range", in->imm);
			wtype = pvm_builtins[in->imm].type;
			break;
		case PVM_LDG: case PVM_STG: case PVM_LDT: case PVM_STT:
		case PVM_LDL: case PVM_STL: case PVM_LDA: case PVM_STA: case PVM_DEL: {
			static const uint8_t scope[PVM_NOPS] = {
				[PVM_LDG] = PVM_GLOBAL, [PVM_STG] = PVM_GLOBAL,
				[PVM_LDT] = PVM_THREAD, [PVM_STT] = PVM_THREAD,
				[PVM_LDL] = PVM_CLAUSE, [PVM_STL] = PVM_CLAUSE,
				[PVM_LDA] = PVM_ARRAY, [PVM_STA] = PVM_ARRAY,
			};
			if (in->imm < 0 || (uint32_t)in->imm >= prog->nvars)
				REJECT("variable %d out of range", in->imm);
			const pvm_vardesc *v = &prog->vars[in->imm];
			if (in->op == PVM_DEL ? v->scope != PVM_THREAD && v->scope != PVM_ARRAY :
						v->scope != scope[in->op])
				REJECT("variable %s has another scope", v->name);
			if (v->size && in->op != PVM_DEL)
				REJECT("variable %s is a %s: only %s reaches it", v->name, v->scope == PVM_ARRAY ?
				       "struct array" : "thread-local struct", v->scope == PVM_ARRAY ? "LDAA/MKAA" :
				       "LDTA");
			if (in->op != PVM_DEL)
				wtype = v->type;
			if ((oi->flags & PV_RA) && s.type[in->a] != v->type)
				REJECT("storing a %s into %s variable %s", tname(s.type[in->a]),
				       tname(wtype), v->name);
			if (v->scope == PVM_ARRAY) {
				if (s.depth != v->nkeys)
					REJECT("%u keys pushed for array %s of %u", s.depth, v->name, v->nkeys);
				for (int k = 0; k < s.depth; k++)
					if (s.ttype[k] != v->keytype[k])
						REJECT("key %d of %s is a %s, wants a %s", k, v->name,
						       tname(s.ttype[k]), tname(v->keytype[k]));
				s.depth = 0;
			}
			break;
		}
		case PVM_CALL: {
			if (in->imm < 0 || in->imm >= PVM_NSUBRS)
				REJECT("subroutine %d out of range", in->imm);
			const pvm_subrinfo *si = &pvm_subrs[in->imm];
			if (s.depth < si->minargs || s.depth > si->maxargs)
				REJECT("%s( ) called with %u arguments", si->name, s.depth);
			for (int k = 0; k < s.depth; k++)
				if (s.ttype[k] != (si->types[k] == 's' ? PT_STR : PT_INT) &&
				    !(si->types[k] == 'a' && s.ttype[k] == PT_STR))
					REJECT("%s( ) argument %d is a %s", si->name, k + 1, tname(s.ttype[k]));
			wtype = si->ret;
			s.depth = 0;
			break;
		}
		case PVM_LDX:
			if (in->imm < 0 || (uint32_t)in->imm >= prog->nfields)
				REJECT("field %d out of range", in->imm);
			if (prog->fields[in->imm].kind == PVM_FLD_INT) {
				uint32_t sz = prog->fields[in->imm].size;
				if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
					REJECT("field of %u bytes", sz);
				wtype = PT_INT;
			} else {
				wtype = prog->fields[in->imm].kind == PVM_FLD_BYTES ? PT_INT : PT_STR;
			}
			break;
		case PVM_STRM:
			if (in->imm < 0 || in->imm >= PVM_MAX_STRSIZE)
				REJECT("string of %d bytes", in->imm);
			break;
		case PVM_LDGA:
			if (in->imm < 0 || (uint32_t)in->imm > prog->gmemsize)
				REJECT("global memory offset %d out of range", in->imm);
			break;
		case PVM_LDTA:
			if (in->imm < 0 || (uint32_t)in->imm >= prog->nvars || prog->vars[in->imm].scope != PVM_THREAD ||
			    !prog->vars[in->imm].size)
				REJECT("variable %d is no thread-local struct", in->imm);
			break;
		case PVM_LDAA: case PVM_MKAA: {
			if (in->imm < 0 || (uint32_t)in->imm >= prog->nvars || prog->vars[in->imm].scope != PVM_ARRAY ||
			    !prog->vars[in->imm].size)
				REJECT("variable %d is no array of structs", in->imm);
			const pvm_vardesc *v = &prog->vars[in->imm];
			if (s.depth != v->nkeys)
				REJECT("%u keys pushed for array %s of %u", s.depth, v->name, v->nkeys);
			for (int k = 0; k < s.depth; k++)
				if (s.ttype[k] != v->keytype[k])
					REJECT("key %d of %s is a %s, wants a %s", k, v->name, tname(s.ttype[k]),
					       tname(v->keytype[k]));
			s.depth = 0;
			break;
		}
		case PVM_LDLA:
			if (in->imm < 0 || (uint32_t)in->imm > prog->lmemsize)
				REJECT("clause-local memory offset %d out of range", in->imm);
			break;
		case PVM_TRACEM:
			if (in->imm < 0 || (uint32_t)in->imm >= prog->nacts)
				REJECT("action %d out of range", in->imm);
			break;
		case PVM_ACT:
			if (in->imm < 0 || (uint32_t)in->imm >= prog->nacts)
				REJECT("action %d out of range", in->imm);
			s.depth = 0;
			break;
		case PVM_SEXT:
		case PVM_ZEXT:
			if (in->imm != 1 && in->imm != 2 && in->imm != 4)
				REJECT("extension from %d bytes", in->imm);
			break;
		case PVM_LDM:
		case PVM_STM:
		case PVM_TRACEI: {
			int sz = in->imm & ~PVM_SIGNED;
			if (in->op == PVM_STM && (in->imm & PVM_SIGNED))
				REJECT("signed store");
			if ((in->imm & ~(PVM_SIGNED | 0xf)) || (sz != 1 && sz != 2 && sz != 4 && sz != 8))
				REJECT("bad integer size %d", in->imm);
			break;
		}
		case PVM_STK:
			if (in->imm < 0 || (in->imm >> 1) > PVM_MAX_FRAMES)
				REJECT("stack of %d frames", in->imm >> 1);
			break;
		case PVM_SYMV:
			if (in->imm < 0 || (in->imm >> 1) > PVM_ADDR)
				REJECT("symbol form %d", in->imm >> 1);
			break;
		case PVM_PUSHI:
		case PVM_PUSHS:
		case PVM_PUSHK:
			if (s.depth >= PVM_MAX_ARGS)
				REJECT("tuple stack deeper than %d", PVM_MAX_ARGS);
			s.ttype[s.depth++] = oi->ta;
			break;
		case PVM_AGG:
		case PVM_AGGC: {
			if (in->imm < 0 || (uint32_t)in->imm >= prog->naggs)
				REJECT("aggregation %d out of range", in->imm);
			const pvm_aggdesc *d = &prog->aggs[in->imm];
			if (in->op == PVM_AGGC && d->fn != PVM_AGG_COUNT)
				REJECT("AGGC on @%s, which does not count", d->name);
			if (s.depth != d->nkeys)
				REJECT("%u keys pushed for an aggregation of %u", s.depth, d->nkeys);
			for (int k = 0; k < s.depth; k++)
				if (s.ttype[k] != d->keytype[k])
					REJECT("key %d is a %s, the aggregation wants a %s", k,
					       tname(s.ttype[k]), tname(d->keytype[k]));
			s.depth = 0;
			break;
		}
		case PVM_PRINTF:
			if (in->imm < 0 || (uint32_t)in->imm >= prog->nfmts)
				REJECT("format %d out of range", in->imm);
			s.depth = 0;
			break;
		}

		if (oi->flags & PV_W) {
			if (wtype == PT_SAME)
				wtype = s.type[in->b];
			s.init |= (uint16_t)(1u << in->a);
			s.type[in->a] = (uint8_t)wtype;
		}
		int m = (oi->flags & PV_JMP) ? merge(&vs[pc + 1 + in->imm], &s) : 0;
		if (m == 0 && !(oi->flags & PV_END) && in->op != PVM_JMP)
			m = merge(&vs[pc + 1], &s);
		if (m == -1)
			REJECT("tuple stack depth differs where paths join");
		if (m == -2)
			REJECT("tuple stack types differ where paths join");
#undef REJECT
	}
out:
	free(vs);
	return err;
}
