/* Unit tests of the probe VM interpreter (probevm/interp.c) on hand-built,
 * verified clauses and on compiled BEGIN clauses: arithmetic, faults,
 * strings, variables, aggregations and the records a clause produces. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dc/dc.h"
#include "probevm/agg.h"
#include "probevm/pvm.h"

#define TVM_N(t) (sizeof(t) / sizeof((t)[0]))
#define I(op, a, b, c, imm) { PVM_##op, (a), (b), (c), (imm) }
#define TVM_CODE(arr) (arr), (uint32_t)TVM_N(arr)

enum { TVM_X, TVM_Y, TVM_S, TVM_T, TVM_L };                      /* variables */
enum { TVM_HELLO, TVM_ABCDEF, TVM_ABCXYZ, TVM_B, TVM_A, TVM_EMPTY }; /* strings */

static const pvm_vardesc tvm_vars[] = {
	[TVM_X] = { .name = "x", .type = PT_INT, .scope = PVM_GLOBAL },
	[TVM_Y] = { .name = "y", .type = PT_INT, .scope = PVM_GLOBAL },
	[TVM_S] = { .name = "s", .type = PT_STR, .scope = PVM_GLOBAL },
	[TVM_T] = { .name = "t", .type = PT_STR, .scope = PVM_GLOBAL },
	[TVM_L] = { .name = "l", .type = PT_STR, .scope = PVM_CLAUSE },
};
static const char *tvm_strs[] = { "hello", "abcdef", "abcxyz", "b", "a", "" };

/* A program of the tables above; consts are the caller's. */
static pvm_prog tvm_prog(int64_t *consts, uint32_t nconsts)
{
	pvm_prog p;

	memset(&p, 0, sizeof(p));
	p.consts = consts;
	p.nconsts = nconsts;
	p.strs = tvm_strs;
	p.nstrs = TVM_N(tvm_strs);
	p.vars = (pvm_vardesc *)tvm_vars;
	p.nvars = TVM_N(tvm_vars);
	p.nfmts = 1;
	return p;
}

static void tvm_init(pvm_state *st, const pvm_prog *p, uint32_t strsize, uint32_t ncpus)
{
	cr_assert_eq(pvm_state_init(st, p, strsize, ncpus, 1 << 20, 1 << 16), 0);
}

/* Verify code (it must pass) and run it on cpu with the built-ins in ctx
 * (zero when NULL). Returns pvm_run's result. */
static int tvm_run(pvm_state *st, const pvm_insn *in, uint32_t n, const pvm_ctx *ctx, uint32_t cpu,
		   pvm_faultinfo *f)
{
	pvm_code code = { (pvm_insn *)in, n, NULL, NULL };
	char msg[256] = "";
	pvm_ctx zero;

	cr_assert_eq(pvm_verify(st->prog, &code, msg, sizeof(msg)), 0, "not verified: %s", msg);
	if (!ctx) {
		memset(&zero, 0, sizeof(zero));
		ctx = &zero;
	}
	memset(f, 0, sizeof(*f));
	return pvm_run(st, &code, ctx, cpu, f);
}

struct tvm_alu {
	int op;
	int64_t b, c, want;
};

/* a = b OP c with b and c from the constant pool, stored into x. */
static void tvm_alu_table(const struct tvm_alu *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int64_t k[2] = { c[i].b, c[i].c };
		pvm_prog p = tvm_prog(k, 2);
		pvm_state st;
		pvm_faultinfo f;
		const pvm_insn code[] = {
			I(LDK, 1, 0, 0, 0), I(LDK, 2, 0, 0, 1), { (uint8_t)c[i].op, 0, 1, 2, 0 },
			I(STG, 0, 0, 0, TVM_X), I(RET, 0, 0, 0, 0),
		};

		tvm_init(&st, &p, 256, 1);
		cr_expect_eq(tvm_run(&st, TVM_CODE(code), NULL, 0, &f), 0, "%s: fault %d",
			     pvm_ops[c[i].op].name, f.kind);
		cr_expect_eq((int64_t)st.gvals[TVM_X], c[i].want, "%s(%lld, %lld) = %lld, want %lld",
			     pvm_ops[c[i].op].name, (long long)c[i].b, (long long)c[i].c,
			     (long long)st.gvals[TVM_X], (long long)c[i].want);
		pvm_state_fini(&st);
	}
}

Test(vm, arithmetic_wraps)
{
	static const struct tvm_alu c[] = {
		{ PVM_ADD, 2, 3, 5 },
		{ PVM_ADD, INT64_MAX, 1, INT64_MIN },
		{ PVM_ADD, -1, 2, 1 },
		{ PVM_SUB, INT64_MIN, 1, INT64_MAX },
		{ PVM_SUB, 0, 1, -1 },
		{ PVM_MUL, -3, 7, -21 },
		{ PVM_MUL, INT64_MAX, 2, -2 },
		{ PVM_MUL, 0x100000000, 0x100000000, 0 },
		{ PVM_AND, 0xf0f0, 0xff00, 0xf000 },
		{ PVM_OR, 0xf0f0, 0x0f00, 0xfff0 },
		{ PVM_XOR, -1, 0xff, ~(int64_t)0xff },
	};
	tvm_alu_table(c, TVM_N(c));
}

Test(vm, division)
{
	static const struct tvm_alu c[] = {
		{ PVM_SDIV, 7, 2, 3 },
		{ PVM_SDIV, -7, 2, -3 },          /* truncates toward zero */
		{ PVM_SDIV, 7, -2, -3 },
		{ PVM_SDIV, -7, -2, 3 },
		{ PVM_SDIV, INT64_MIN, -1, INT64_MIN }, /* overflows in C; D wraps */
		{ PVM_SDIV, INT64_MIN, 1, INT64_MIN },
		{ PVM_SDIV, INT64_MAX, -1, -INT64_MAX },
		{ PVM_UDIV, 7, 2, 3 },
		{ PVM_UDIV, -1, 2, INT64_MAX },
		{ PVM_UDIV, -7, -1, 0 },
		{ PVM_UDIV, -1, -1, 1 },
		{ PVM_SREM, -7, 2, -1 },          /* sign of the dividend */
		{ PVM_SREM, 7, -2, 1 },
		{ PVM_SREM, -7, -2, -1 },
		{ PVM_SREM, INT64_MIN, -1, 0 },
		{ PVM_SREM, 5, 5, 0 },
		{ PVM_UREM, -1, 10, 5 },          /* 18446744073709551615 % 10 */
		{ PVM_UREM, 7, -1, 7 },
	};
	tvm_alu_table(c, TVM_N(c));
}

Test(vm, shifts_masked)
{
	static const struct tvm_alu c[] = {
		{ PVM_SHL, 1, 3, 8 },
		{ PVM_SHL, 1, 63, INT64_MIN },
		{ PVM_SHL, 1, 64, 1 },            /* count & 63 */
		{ PVM_SHL, 1, 65, 2 },
		{ PVM_SHL, 3, -1, INT64_MIN },
		{ PVM_SHL, 5, 128, 5 },
		{ PVM_SHR, INT64_MIN, 63, 1 },
		{ PVM_SHR, -1, 4, 0x0fffffffffffffff },
		{ PVM_SHR, -1, 64, -1 },
		{ PVM_SHR, -1, 127, 1 },
		{ PVM_SAR, INT64_MIN, 63, -1 },
		{ PVM_SAR, -8, 1, -4 },
		{ PVM_SAR, -8, 65, -4 },
		{ PVM_SAR, 8, 66, 2 },
		{ PVM_SAR, INT64_MAX, 62, 1 },
	};
	tvm_alu_table(c, TVM_N(c));
}

Test(vm, comparisons)
{
	static const struct tvm_alu c[] = {
		{ PVM_EQ, 5, 5, 1 }, { PVM_EQ, 5, -5, 0 },
		{ PVM_NE, 5, 5, 0 }, { PVM_NE, INT64_MIN, INT64_MAX, 1 },
		{ PVM_LT, -1, 1, 1 }, { PVM_LT, 1, -1, 0 }, { PVM_LT, 1, 1, 0 },
		{ PVM_LT, INT64_MIN, INT64_MAX, 1 },
		{ PVM_LE, 1, 1, 1 }, { PVM_LE, 2, 1, 0 }, { PVM_LE, -2, -1, 1 },
		{ PVM_LTU, -1, 1, 0 }, { PVM_LTU, 1, -1, 1 }, { PVM_LTU, 0, 0, 0 },
		{ PVM_LEU, 1, -1, 1 }, { PVM_LEU, -1, -1, 1 }, { PVM_LEU, -1, 0, 0 },
	};
	tvm_alu_table(c, TVM_N(c));
}

Test(vm, unary)
{
	static const struct tvm_alu c[] = {
		{ PVM_NEG, 5, 0, -5 }, { PVM_NEG, INT64_MIN, 0, INT64_MIN }, { PVM_NEG, 0, 0, 0 },
		{ PVM_NOT, 0, 0, -1 }, { PVM_NOT, 0xff, 0, ~(int64_t)0xff },
		{ PVM_LNOT, 0, 0, 1 }, { PVM_LNOT, 5, 0, 0 }, { PVM_LNOT, INT64_MIN, 0, 0 },
		{ PVM_MOV, -42, 0, -42 },
	};
	tvm_alu_table(c, TVM_N(c));
}

Test(vm, extensions)
{
	static const struct {
		int op, size;
		int64_t in, want;
	} c[] = {
		{ PVM_SEXT, 1, 0x80, -128 },
		{ PVM_SEXT, 1, 0x17f, 127 },
		{ PVM_SEXT, 1, -1, -1 },
		{ PVM_SEXT, 2, 0x8000, -32768 },
		{ PVM_SEXT, 2, 0x12347fff, 0x7fff },
		{ PVM_SEXT, 4, 0x80000000, INT32_MIN },
		{ PVM_SEXT, 4, (int64_t)0xffffffff7fffffff, INT32_MAX },
		{ PVM_ZEXT, 1, -1, 255 },
		{ PVM_ZEXT, 1, 0x1234, 0x34 },
		{ PVM_ZEXT, 2, -1, 65535 },
		{ PVM_ZEXT, 4, -1, 0xffffffff },
		{ PVM_ZEXT, 4, 0x123456789, 0x23456789 },
	};

	for (size_t i = 0; i < TVM_N(c); i++) {
		int64_t k[1] = { c[i].in };
		pvm_prog p = tvm_prog(k, 1);
		pvm_state st;
		pvm_faultinfo f;
		const pvm_insn code[] = {
			I(LDK, 3, 0, 0, 0), { (uint8_t)c[i].op, 3, 0, 0, c[i].size },
			I(STG, 3, 0, 0, TVM_X), I(RET, 0, 0, 0, 0),
		};

		tvm_init(&st, &p, 256, 1);
		cr_expect_eq(tvm_run(&st, TVM_CODE(code), NULL, 0, &f), 0);
		cr_expect_eq((int64_t)st.gvals[TVM_X], c[i].want, "%s %d of %#llx: %#llx, want %#llx",
			     pvm_ops[c[i].op].name, c[i].size, (unsigned long long)c[i].in,
			     (unsigned long long)st.gvals[TVM_X], (unsigned long long)c[i].want);
		pvm_state_fini(&st);
	}
}

Test(vm, loads_and_jumps)
{
	int64_t k[1] = { 0x123456789abcdef0 };
	pvm_prog p = tvm_prog(k, 1);
	pvm_state st;
	pvm_faultinfo f;
	pvm_ctx ctx;
	/* x = arg0 ? 10 : 20 (JZ), y = K0 unless arg1 (JNZ) */
	const pvm_insn code[] = {
		I(LDB, 0, 0, 0, PVM_B_ARG0), I(JZ, 0, 0, 0, 2), I(LDI, 1, 0, 0, 10), I(JMP, 0, 0, 0, 1),
		I(LDI, 1, 0, 0, 20), I(STG, 1, 0, 0, TVM_X),
		I(LDB, 2, 0, 0, PVM_B_ARG1), I(LDI, 3, 0, 0, -1), I(JNZ, 2, 0, 0, 1), I(LDK, 3, 0, 0, 0),
		I(STG, 3, 0, 0, TVM_Y), I(RET, 0, 0, 0, 0),
	};

	tvm_init(&st, &p, 256, 1);
	memset(&ctx, 0, sizeof(ctx));
	ctx.b[PVM_B_ARG0] = 1;
	cr_expect_eq(tvm_run(&st, TVM_CODE(code), &ctx, 0, &f), 0);
	cr_expect_eq(st.gvals[TVM_X], 10);
	cr_expect_eq(st.gvals[TVM_Y], 0x123456789abcdef0);
	ctx.b[PVM_B_ARG0] = 0;
	ctx.b[PVM_B_ARG1] = 7;
	cr_expect_eq(tvm_run(&st, TVM_CODE(code), &ctx, 0, &f), 0);
	cr_expect_eq(st.gvals[TVM_X], 20);
	cr_expect_eq((int64_t)st.gvals[TVM_Y], -1);
	pvm_state_fini(&st);
}

Test(vm, division_by_zero_faults)
{
	static const int ops[] = { PVM_SDIV, PVM_UDIV, PVM_SREM, PVM_UREM };
	pvm_prog p = tvm_prog(NULL, 0);

	cr_expect_str_eq(pvm_fault_name(PVM_FAULT_DIVZERO), "divide-by-zero");
	for (size_t i = 0; i < TVM_N(ops); i++) {
		pvm_state st;
		pvm_faultinfo f;
		const pvm_insn keep[] = { I(LDI, 0, 0, 0, 1), I(TRACEI, 0, 0, 0, 8), I(RET, 0, 0, 0, 0) };
		const pvm_insn code[] = {
			I(LDI, 0, 0, 0, 5), I(TRACEI, 0, 0, 0, 8), I(PUSHI, 0, 0, 0, 0), I(LDI, 1, 0, 0, 0),
			{ (uint8_t)ops[i], 2, 0, 1, 0 }, I(STG, 2, 0, 0, TVM_X), I(PRINTF, 0, 0, 0, 0),
			I(RET, 0, 0, 0, 0),
		};

		tvm_init(&st, &p, 256, 1);
		st.gvals[TVM_X] = 77;
		cr_assert_eq(tvm_run(&st, TVM_CODE(keep), NULL, 0, &f), 0);
		size_t kept = st.rec.len;
		cr_expect_eq(kept, 16);
		cr_expect_eq(tvm_run(&st, TVM_CODE(code), NULL, 0, &f), -1, "%s: no fault", pvm_ops[ops[i]].name);
		cr_expect_eq(f.kind, PVM_FAULT_DIVZERO, "%s: fault %d", pvm_ops[ops[i]].name, f.kind);
		cr_expect_eq(f.pc, 4, "%s: fault at %u", pvm_ops[ops[i]].name, f.pc);
		cr_expect_eq(st.rec.len, kept, "%s: the faulting clause's records were kept",
			     pvm_ops[ops[i]].name);
		cr_expect_eq(st.ntuple, 0, "the tuple stack is emptied");
		cr_expect_eq(st.gvals[TVM_X], 77, "nothing after the fault ran");
		/* the state stays usable */
		cr_expect_eq(tvm_run(&st, TVM_CODE(keep), NULL, 0, &f), 0);
		cr_expect_eq(st.rec.len, kept + 16);
		pvm_state_fini(&st);
	}
}

Test(vm, null_string_faults)
{
	pvm_prog p = tvm_prog(NULL, 0);
	pvm_state st;
	pvm_faultinfo f;
	/* an unset this-> string is NULL: using it is an invalid address */
	const pvm_insn code[] = { I(LDL, 0, 0, 0, TVM_L), I(TRACES, 0, 0, 0, 0), I(RET, 0, 0, 0, 0) };

	tvm_init(&st, &p, 256, 1);
	pvm_firing_begin(&st);
	cr_expect_eq(tvm_run(&st, TVM_CODE(code), NULL, 0, &f), -1);
	cr_expect_eq(f.kind, PVM_FAULT_BADADDR);
	cr_expect_eq(f.pc, 1);
	cr_expect_eq(st.rec.len, 0);
	cr_expect_str_eq(pvm_fault_name(PVM_FAULT_BADADDR), "invalid address");
	pvm_state_fini(&st);
}

Test(vm, string_compare_bounded_by_strsize)
{
	static const struct {
		int a, b;
		uint32_t strsize;
		int64_t want;
	} c[] = {
		{ TVM_ABCDEF, TVM_ABCXYZ, 256, -1 },
		{ TVM_ABCXYZ, TVM_ABCDEF, 256, 1 },
		{ TVM_B, TVM_A, 256, 1 },
		{ TVM_A, TVM_A, 256, 0 },
		{ TVM_A, TVM_EMPTY, 256, 1 },
		{ TVM_EMPTY, TVM_EMPTY, 256, 0 },
		{ TVM_ABCDEF, TVM_ABCXYZ, 4, 0 },   /* only the first strsize - 1 bytes */
		{ TVM_ABCDEF, TVM_ABCXYZ, 5, -1 },
		{ TVM_HELLO, TVM_B, 2, 1 },
	};

	for (size_t i = 0; i < TVM_N(c); i++) {
		pvm_prog p = tvm_prog(NULL, 0);
		pvm_state st;
		pvm_faultinfo f;
		const pvm_insn code[] = {
			I(LDS, 0, 0, 0, c[i].a), I(LDS, 1, 0, 0, c[i].b), I(SCMP, 2, 0, 1, 0),
			I(STG, 2, 0, 0, TVM_X), I(RET, 0, 0, 0, 0),
		};

		tvm_init(&st, &p, c[i].strsize, 1);
		cr_expect_eq(tvm_run(&st, TVM_CODE(code), NULL, 0, &f), 0);
		cr_expect_eq((int64_t)st.gvals[TVM_X], c[i].want, "\"%s\" vs \"%s\" (strsize %u): %lld",
			     tvm_strs[c[i].a], tvm_strs[c[i].b], c[i].strsize, (long long)st.gvals[TVM_X]);
		pvm_state_fini(&st);
	}
}

Test(vm, global_variables)
{
	pvm_prog p = tvm_prog(NULL, 0);
	pvm_state st;
	pvm_faultinfo f;
	const pvm_insn code[] = {
		I(LDI, 0, 0, 0, -9), I(STG, 0, 0, 0, TVM_X), I(LDG, 1, 0, 0, TVM_X), I(ADD, 1, 1, 1, 0),
		I(STG, 1, 0, 0, TVM_Y),
		I(LDS, 2, 0, 0, TVM_HELLO), I(STG, 2, 0, 0, TVM_S), I(LDG, 3, 0, 0, TVM_S),
		I(STG, 3, 0, 0, TVM_T), I(LDS, 2, 0, 0, TVM_B), I(STG, 2, 0, 0, TVM_S),
		I(LDG, 4, 0, 0, TVM_T), I(TRACES, 4, 0, 0, 0), I(RET, 0, 0, 0, 0),
	};

	tvm_init(&st, &p, 256, 1);
	cr_expect_str_eq((const char *)(uintptr_t)st.gvals[TVM_S], "", "strings start empty");
	cr_expect_eq(tvm_run(&st, TVM_CODE(code), NULL, 0, &f), 0);
	cr_expect_eq((int64_t)st.gvals[TVM_X], -9);
	cr_expect_eq((int64_t)st.gvals[TVM_Y], -18);
	/* t = s copied the string: changing s leaves t */
	cr_expect_str_eq((const char *)(uintptr_t)st.gvals[TVM_S], "b");
	cr_expect_str_eq((const char *)(uintptr_t)st.gvals[TVM_T], "hello");
	cr_expect_neq(st.gvals[TVM_S], (uint64_t)(uintptr_t)tvm_strs[TVM_B], "stored by reference");
	pvm_state_fini(&st);
}

Test(vm, string_store_truncated_at_strsize)
{
	pvm_prog p = tvm_prog(NULL, 0);
	pvm_state st;
	pvm_faultinfo f;
	const pvm_insn code[] = {
		I(LDS, 0, 0, 0, TVM_ABCDEF), I(STG, 0, 0, 0, TVM_S), I(LDG, 1, 0, 0, TVM_S),
		I(TRACES, 1, 0, 0, 0), I(LDS, 0, 0, 0, TVM_HELLO), I(TRACES, 0, 0, 0, 0), I(RET, 0, 0, 0, 0),
	};

	tvm_init(&st, &p, 4, 1);
	cr_expect_eq(tvm_run(&st, TVM_CODE(code), NULL, 0, &f), 0);
	cr_expect_str_eq((const char *)(uintptr_t)st.gvals[TVM_S], "abc");
	/* the variable slot next to s is untouched */
	cr_expect_str_eq((const char *)(uintptr_t)st.gvals[TVM_T], "");
	/* two TRACE_STR records: "abc" and "hel", 4 bytes each padded to 8 */
	cr_assert_eq(st.rec.len, 2 * (sizeof(pvm_rechdr) + 8));
	const pvm_rechdr *h = (const pvm_rechdr *)st.rec.data;
	cr_expect_eq(h->kind, PVM_REC_TRACE_STR);
	cr_expect_eq(h->size, 4);
	cr_expect_str_eq((const char *)(h + 1), "abc");
	h = (const pvm_rechdr *)(st.rec.data + sizeof(*h) + 8);
	cr_expect_eq(h->size, 4);
	cr_expect_str_eq((const char *)(h + 1), "hel");
	pvm_state_fini(&st);
}

Test(vm, records)
{
	pvm_prog p = tvm_prog(NULL, 0);
	pvm_state st;
	pvm_faultinfo f;
	const pvm_insn code[] = {
		I(LDI, 0, 0, 0, -5), I(TRACEI, 0, 0, 0, 4 | PVM_SIGNED), I(LDS, 1, 0, 0, TVM_HELLO),
		I(TRACES, 1, 0, 0, 0), I(PUSHI, 0, 0, 0, 0), I(PUSHS, 1, 0, 0, 0), I(PRINTF, 0, 0, 0, 0),
		I(LDI, 2, 0, 0, 3), I(EXIT, 2, 0, 0, 0), I(LDI, 3, 0, 0, 200), I(TRACEI, 3, 0, 0, 1),
		I(RET, 0, 0, 0, 0),
	};
	static const struct {
		uint16_t kind, id;
		uint32_t size;
		uint8_t payload[16];
	} want[] = {
		{ PVM_REC_TRACE_INT, 4 | PVM_SIGNED, 8, { 0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
		{ PVM_REC_TRACE_STR, 0, 6, "hello" },
		{ PVM_REC_PRINTF, 0, 14, { 0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					   'h', 'e', 'l', 'l', 'o', 0 } },
		{ PVM_REC_EXIT, 0, 8, { 3 } },
		{ PVM_REC_TRACE_INT, 1, 8, { 200 } },
	};

	tvm_init(&st, &p, 256, 1);
	cr_assert_eq(tvm_run(&st, TVM_CODE(code), NULL, 0, &f), 0);
	size_t off = 0;
	for (size_t i = 0; i < TVM_N(want); i++) {
		cr_assert_leq(off + sizeof(pvm_rechdr), st.rec.len, "record %zu missing", i);
		const pvm_rechdr *h = (const pvm_rechdr *)(st.rec.data + off);
		size_t padded = (h->size + 7) & ~(size_t)7;
		cr_expect_eq(h->kind, want[i].kind, "record %zu: kind %u", i, h->kind);
		cr_expect_eq(h->id, want[i].id, "record %zu: id %#x", i, h->id);
		cr_expect_eq(h->size, want[i].size, "record %zu: size %u", i, h->size);
		cr_expect_eq(memcmp(h + 1, want[i].payload, padded), 0, "record %zu: payload", i);
		off += sizeof(*h) + padded;
	}
	cr_expect_eq(off, st.rec.len, "%zu bytes of records, %zu walked", st.rec.len, off);
	cr_expect_eq(st.rec.len, 8 + 8 + 8 + 8 + 8 + 16 + 8 + 8 + 8 + 8);
	cr_expect_eq(st.ntuple, 0, "PRINTF empties the tuple stack");
	pvm_state_fini(&st);
}

/* Compile src (BEGIN clauses), verify every clause, and set up a state. */
static dtr_program *tvm_compile(const char *src, pvm_state *st, uint32_t ncpus)
{
	dc_input in = { .src = src, .target = -1, .strsize = 256 };
	dc_error err;
	dtr_program *p = dc_compile(&in, &err);
	char msg[256];

	cr_assert_not_null(p, "%s: %s", src, err.msg);
	for (uint32_t i = 0; i < p->vm.nclauses; i++)
		cr_assert_eq(pvm_verify(&p->vm, &p->vm.clauses[i], msg, sizeof(msg)), 0, "%s: clause %u: %s",
			     src, i, msg);
	tvm_init(st, &p->vm, 256, ncpus);
	return p;
}

static int tvm_var(const dtr_program *p, const char *name)
{
	for (uint32_t i = 0; i < p->vm.nvars; i++)
		if (!strcmp(p->vm.vars[i].name, name))
			return (int)i;
	cr_assert_fail("no variable %s", name);
	return -1;
}

static int tvm_agg(const dtr_program *p, const char *name)
{
	for (uint32_t i = 0; i < p->vm.naggs; i++)
		if (!strcmp(p->vm.aggs[i].name, name))
			return (int)i;
	cr_assert_fail("no aggregation @%s", name);
	return -1;
}

/* The value slots of @name[key] on cpu; the entry must exist. */
static const int64_t *tvm_aggvals(pvm_state *st, const dtr_program *p, uint32_t cpu, const char *name,
				  const uint8_t *key, uint32_t keylen)
{
	static const uint8_t nokey[1];
	int id = tvm_agg(p, name);
	pvm_aggtab *t = st->aggtab[cpu];

	if (!key)
		key = nokey; /* memcmp wants a pointer even for 0 bytes */
	uint32_t before = t->nents;
	pvm_aggent *e = pvm_aggtab_get(t, &p->vm.aggs[id], (uint32_t)id, key, keylen);

	cr_assert_not_null(e);
	cr_assert_eq(t->nents, before, "@%s: no such entry on cpu %u", name, cpu);
	return e->vals;
}

Test(vm, aggregations)
{
	pvm_state st;
	dtr_program *p = tvm_compile("BEGIN { @c = count(); @s = sum(arg0); @mn = min(arg0); "
				     "@mx = max(arg0); @a = avg(arg0); @q = quantize(arg0); "
				     "@l = lquantize(arg0, 0, 10, 2); }", &st, 1);
	static const int64_t args[] = { 1, 5, -2, 12 };
	pvm_faultinfo f;
	pvm_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	for (size_t i = 0; i < TVM_N(args); i++) {
		ctx.b[PVM_B_ARG0] = (uint64_t)args[i];
		cr_assert_eq(pvm_run(&st, &p->vm.clauses[0], &ctx, 0, &f), 0);
	}
	cr_expect_eq(st.aggtab[0]->nents, 7, "one entry per aggregation");
	cr_expect_eq(tvm_aggvals(&st, p, 0, "c", NULL, 0)[0], 4);
	cr_expect_eq(tvm_aggvals(&st, p, 0, "s", NULL, 0)[0], 16);
	cr_expect_eq(tvm_aggvals(&st, p, 0, "mn", NULL, 0)[0], -2);
	cr_expect_eq(tvm_aggvals(&st, p, 0, "mx", NULL, 0)[0], 12);
	const int64_t *a = tvm_aggvals(&st, p, 0, "a", NULL, 0);
	cr_expect(a[0] == 4 && a[1] == 16, "avg keeps count %lld and sum %lld", (long long)a[0],
		  (long long)a[1]);

	/* quantize: bucket 63 holds 0; 64 + k holds [2^k, 2^(k+1)); 62 - k the negatives */
	const int64_t *q = tvm_aggvals(&st, p, 0, "q", NULL, 0);
	int64_t total = 0;
	for (int i = 0; i < PVM_QUANTIZE_BUCKETS; i++)
		total += q[i];
	cr_expect_eq(total, 4);
	cr_expect_eq(q[64], 1, "1 in [1, 2)");
	cr_expect_eq(q[66], 1, "5 in [4, 8)");
	cr_expect_eq(q[67], 1, "12 in [8, 16)");
	cr_expect_eq(q[61], 1, "-2 in (-4, -2]");

	/* lquantize(0, 10, 2): underflow, [0,2) [2,4) [4,6) [6,8) [8,10), overflow */
	int id = tvm_agg(p, "l");
	cr_expect_eq(p->vm.aggs[id].nvals, 7);
	const int64_t *l = tvm_aggvals(&st, p, 0, "l", NULL, 0);
	static const int64_t lwant[7] = { 1, 1, 0, 1, 0, 0, 1 };
	for (int i = 0; i < 7; i++)
		cr_expect_eq(l[i], lwant[i], "lquantize bucket %d: %lld", i, (long long)l[i]);
	pvm_state_fini(&st);
	dc_free(p);
}

Test(vm, aggregation_keys_and_cpus)
{
	pvm_state st;
	dtr_program *p = tvm_compile("BEGIN { @k[execname, arg0] = sum(arg1); @n[arg0 + 1] = count(); }",
				     &st, 2);
	pvm_faultinfo f;
	pvm_ctx ctx;
	uint8_t key[16];

	memset(&ctx, 0, sizeof(ctx));
	ctx.b[PVM_B_EXECNAME] = (uint64_t)(uintptr_t)"sh";
	ctx.b[PVM_B_ARG0] = 7;
	ctx.b[PVM_B_ARG1] = 100;
	cr_assert_eq(pvm_run(&st, &p->vm.clauses[0], &ctx, 1, &f), 0);
	cr_assert_eq(pvm_run(&st, &p->vm.clauses[0], &ctx, 1, &f), 0);
	ctx.b[PVM_B_ARG0] = 8;
	cr_assert_eq(pvm_run(&st, &p->vm.clauses[0], &ctx, 1, &f), 0);

	cr_expect_eq(st.aggtab[0]->nents, 0, "cpu 0 untouched");
	cr_expect_eq(st.aggtab[1]->nents, 4);
	/* key tuple: "sh\0" then the 8-byte integer */
	int64_t seven = 7, eight = 8;
	memcpy(key, "sh", 3);
	memcpy(key + 3, &seven, 8);
	cr_expect_eq(tvm_aggvals(&st, p, 1, "k", key, 11)[0], 200);
	memcpy(key + 3, &eight, 8);
	cr_expect_eq(tvm_aggvals(&st, p, 1, "k", key, 11)[0], 100);
	memcpy(key, &eight, 8);
	cr_expect_eq(tvm_aggvals(&st, p, 1, "n", key, 8)[0], 2);
	int64_t nine = 9;
	memcpy(key, &nine, 8);
	cr_expect_eq(tvm_aggvals(&st, p, 1, "n", key, 8)[0], 1);
	pvm_state_fini(&st);
	dc_free(p);
}

Test(vm, compiled_fault_maps_to_source)
{
	pvm_state st;
	dtr_program *p = tvm_compile("BEGIN\n{\n\tx = 0;\n\ttrace(1);\n\ty = 10 / x;\n\ttrace(2);\n}", &st, 1);
	pvm_faultinfo f;
	pvm_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	const pvm_code *code = &p->vm.clauses[0];
	cr_expect_eq(pvm_run(&st, code, &ctx, 0, &f), -1);
	cr_expect_eq(f.kind, PVM_FAULT_DIVZERO);
	cr_assert_lt(f.pc, code->n);
	cr_expect_eq(code->insns[f.pc].op, PVM_SDIV, "fault at %s", pvm_ops[code->insns[f.pc].op].name);
	cr_expect_eq(code->line[f.pc], 5, "fault on line %u", code->line[f.pc]);
	cr_expect_eq(code->action[f.pc], 3, "fault in action %u", code->action[f.pc]);
	cr_expect_eq(st.rec.len, 0, "trace(1) before the fault is discarded");
	pvm_state_fini(&st);
	dc_free(p);
}

Test(vm, compiled_records)
{
	pvm_state st;
	dtr_program *p = tvm_compile("BEGIN { trace(-1); trace(1u); trace(\"hi\"); exit(3); }", &st, 1);
	pvm_faultinfo f;
	pvm_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	cr_assert_eq(pvm_run(&st, &p->vm.clauses[0], &ctx, 0, &f), 0);
	const uint8_t *d = st.rec.data;
	const pvm_rechdr *h = (const pvm_rechdr *)d;
	int64_t v;
	cr_expect(h->kind == PVM_REC_TRACE_INT && h->id == (4 | PVM_SIGNED) && h->size == 8);
	memcpy(&v, h + 1, 8);
	cr_expect_eq(v, -1);
	h = (const pvm_rechdr *)(d + 16);
	cr_expect(h->kind == PVM_REC_TRACE_INT && h->id == 4, "unsigned int: id %#x", h->id);
	memcpy(&v, h + 1, 8);
	cr_expect_eq(v, 1);
	h = (const pvm_rechdr *)(d + 32);
	cr_expect(h->kind == PVM_REC_TRACE_STR && h->size == 3);
	cr_expect_str_eq((const char *)(h + 1), "hi");
	h = (const pvm_rechdr *)(d + 48);
	cr_expect(h->kind == PVM_REC_EXIT && h->size == 8);
	memcpy(&v, h + 1, 8);
	cr_expect_eq(v, 3);
	cr_expect_eq(st.rec.len, 64);
	pvm_state_fini(&st);
	dc_free(p);
}

Test(vm, int64_min_divided_by_minus_one)
{
	pvm_state st;
	dtr_program *p = tvm_compile("BEGIN { m = -9223372036854775807 - 1; d = -1; q = m / d; r = m % d; "
				     "z = 0; }", &st, 1);
	pvm_faultinfo f;
	pvm_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	cr_assert_eq(pvm_run(&st, &p->vm.clauses[0], &ctx, 0, &f), 0, "fault %d", f.kind);
	cr_expect_eq((int64_t)st.gvals[tvm_var(p, "m")], INT64_MIN);
	cr_expect_eq((int64_t)st.gvals[tvm_var(p, "q")], INT64_MIN);
	cr_expect_eq((int64_t)st.gvals[tvm_var(p, "r")], 0);
	pvm_state_fini(&st);
	dc_free(p);
}

/* read_user of a fake process: "Delay in ns" at every address */
static long tvm_read_user(void *arg, int32_t pid, uint64_t addr, uint64_t time, void *buf, size_t len)
{
	static const char text[] = "Delay in ns";
	size_t n = len < sizeof(text) ? len : sizeof(text);

	(void)arg, (void)pid, (void)addr, (void)time;
	memcpy(buf, text, n);
	return (long)n;
}

/* copyinstr(addr, size) gives at most size - 1 chars, and never more than
 * D's strsize - 1 (the buffer here holds strsize 8 and its NUL). */
Test(vm, copyinstr_size_counts_the_nul)
{
	static const struct { int size; const char *want; } c[] = {
		{ 4, "Del" }, { 1, "" }, { 0, "" }, { 96, "Delay i" }, { -1, "Delay i" },
	};
	for (size_t i = 0; i < TVM_N(c); i++) {
		int64_t k[1] = { 0x1000 };
		pvm_prog p = tvm_prog(k, 1);
		pvm_state st;
		pvm_faultinfo f;
		const pvm_insn two[] = {
			I(LDK, 1, 0, 0, 0), I(PUSHI, 1, 0, 0, 0), I(LDI, 2, 0, 0, c[i].size),
			I(PUSHI, 2, 0, 0, 0), I(CALL, 3, 0, 0, PVM_SUBR_COPYINSTR), I(STG, 3, 0, 0, TVM_S),
			I(RET, 0, 0, 0, 0),
		};
		const pvm_insn one[] = {
			I(LDK, 1, 0, 0, 0), I(PUSHI, 1, 0, 0, 0), I(CALL, 3, 0, 0, PVM_SUBR_COPYINSTR),
			I(STG, 3, 0, 0, TVM_S), I(RET, 0, 0, 0, 0),
		};

		tvm_init(&st, &p, 9, 1);
		st.env.read_user = tvm_read_user;
		if (c[i].size < 0)
			cr_assert_eq(tvm_run(&st, TVM_CODE(one), NULL, 0, &f), 0);
		else
			cr_assert_eq(tvm_run(&st, TVM_CODE(two), NULL, 0, &f), 0);
		cr_expect_str_eq((const char *)(uintptr_t)st.gvals[TVM_S], c[i].want, "size %d", c[i].size);
		pvm_state_fini(&st);
	}
}

/* Predicates compiled to JEQ/JNE (and the ternary one that keeps its JZ)
 * pass and fail as the comparison says; count() (AGGC) counts only the
 * firings that pass, per key. */
Test(vm, fused_predicates_and_count)
{
	static const struct {
		const char *pred;
		int64_t pid, tid;
		int pass;
	} c[] = {
		{ "pid == 7", 7, 0, 1 }, { "pid == 7", 8, 0, 0 }, { "pid != 7", 7, 0, 0 },
		{ "pid != 7", 8, 0, 1 }, { "execname == \"wl\"", 0, 0, 1 }, { "execname != \"wl\"", 0, 0, 0 },
		{ "pid ? tid == 1 : pid == 2", 5, 1, 1 }, { "pid ? tid == 1 : pid == 2", 5, 2, 0 },
		{ "pid ? tid == 1 : pid == 2", 0, 1, 0 },
	};
	for (size_t i = 0; i < TVM_N(c); i++) {
		char src[256];
		pvm_state st;
		pvm_faultinfo f;
		pvm_ctx ctx;

		snprintf(src, sizeof(src), "BEGIN /%s/ { @n[execname] = count(); }", c[i].pred);
		dtr_program *p = tvm_compile(src, &st, 1);
		memset(&ctx, 0, sizeof(ctx));
		ctx.b[PVM_B_PID] = (uint64_t)c[i].pid;
		ctx.b[PVM_B_TID] = (uint64_t)c[i].tid;
		ctx.b[PVM_B_EXECNAME] = (uint64_t)(uintptr_t)"wl";
		for (int k = 0; k < 3; k++)
			cr_assert_eq(pvm_run(&st, &p->vm.clauses[0], &ctx, 0, &f), c[i].pass ? 0 : 1, "%s", src);
		cr_expect_eq(st.aggtab[0]->nents, c[i].pass ? 1u : 0u, "%s", src);
		if (c[i].pass) {
			cr_expect_eq(st.aggtab[0]->ents[0]->vals[0], 3, "%s", src);
			cr_expect_eq(st.aggtab[0]->ents[0]->keylen, 3u, "%s", src); /* "wl" and its NUL */
		}
		pvm_state_fini(&st);
		dc_free(p);
	}
}
