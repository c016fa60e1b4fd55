/* libFuzzer harness for the verifier and the interpreter: arbitrary bytecode
 * in; every clause pvm_verify accepts is disassembled and run by pvm_run a
 * few times, and must end (no back edges: a long run is a finding) with 0,
 * 1 (a false predicate) or a known fault, and well-formed records, never
 * touching memory outside its regions (ASan+UBSan watch that).
 *
 * Input layout (all little-endian; missing bytes read as zero):
 *
 *   h[0]  bits 0-3: variables (prefix of fv_vars), bits 4-7: aggregations
 *   h[1]  bits 0-2: strings, bits 3-5: 64-bit constants that follow the
 *         header, bit 6: raw instructions, bit 7: a filled context (string
 *         built-ins, pid, args, uregs) instead of a zeroed one
 *   h[2]  bits 0-2: raw-record fields (prefix of fv_fields), bits 3-4:
 *         printf formats, bits 5-6: actions, bit 7: small aggregation and
 *         dynamic-variable spaces (drops)
 *   h[3]  bits 0-2: strsize (fv_strsizes), bits 3-4: global memory bytes,
 *         bits 5-6: clause-local memory bytes (fv_memsizes)
 *   h[4]  bytes of the event's raw record, which follow the constants
 *   h[5]  kernel stack frames in the context (0-127), h[6] user frames
 *   h[7]  bits 0-1: firings - 1 (alternating CPUs 0 and 1)
 *   then  the constants (8 bytes each), the raw record, the instructions.
 *
 * Instructions, normally 4 bytes each, mapped onto valid fields so that
 * most programs reach the verifier's type and bounds rules:
 *   op % PVM_NOPS | a (low nibble) b (high) | c (low) k (high) | x
 * where k picks imm: 0-9 x, 10 x | PVM_SIGNED, 11 (int8_t)x, 12 x << 8,
 * 13 x << 16, 14 x << 24, 15 the next 4 bytes whole. A RET is appended.
 * With h[1] bit 6 the instructions are 8-byte pvm_insn structures taken
 * as they are (op, a, b, c, imm), nothing appended, so the verifier's
 * checks of opcodes, registers and jumps see arbitrary values.
 *
 * FUZZ_VERIFY_DUMP=1 in the environment prints each accepted clause's
 * disassembly to stderr (for replaying a finding). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probevm/pvm.h"
#include "tests/fuzz/fuzz_env.h"

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

#define FV_N(t) (sizeof(t) / sizeof((t)[0]))

static const pvm_vardesc fv_vars[] = {
	{ .name = "g", .type = PT_INT, .scope = PVM_GLOBAL },
	{ .name = "gs", .type = PT_STR, .scope = PVM_GLOBAL },
	{ .name = "t", .type = PT_INT, .scope = PVM_THREAD },
	{ .name = "ts", .type = PT_STR, .scope = PVM_THREAD },
	{ .name = "l", .type = PT_INT, .scope = PVM_CLAUSE },
	{ .name = "ls", .type = PT_STR, .scope = PVM_CLAUSE },
	{ .name = "ai", .type = PT_INT, .scope = PVM_ARRAY, .nkeys = 1, .keytype = { PT_INT } },
	{ .name = "as", .type = PT_STR, .scope = PVM_ARRAY, .nkeys = 1, .keytype = { PT_STR } },
	{ .name = "ais", .type = PT_INT, .scope = PVM_ARRAY, .nkeys = 2, .keytype = { PT_INT, PT_STR } },
	{ .name = "tsou", .type = PT_INT, .scope = PVM_THREAD, .size = 24 },
	{ .name = "ak", .type = PT_INT, .scope = PVM_ARRAY, .nkeys = 1, .keytype = { PT_STACK } },
	{ .name = "tbig", .type = PT_INT, .scope = PVM_THREAD, .size = 4096 },
};

/* Aggregations with parameters the compiler accepts; nvals is filled in. */
static pvm_aggdesc fv_aggs[] = {
	{ .name = "", .fn = PVM_AGG_COUNT },
	{ .name = "sum", .fn = PVM_AGG_SUM, .nkeys = 1, .keytype = { PT_INT }, .keysize = { 8 } },
	{ .name = "avg", .fn = PVM_AGG_AVG, .nkeys = 1, .keytype = { PT_STR } },
	{ .name = "min", .fn = PVM_AGG_MIN, .nkeys = 2, .keytype = { PT_INT, PT_STR }, .keysize = { 4 },
	  .keysigned = { 1 } },
	{ .name = "max", .fn = PVM_AGG_MAX },
	{ .name = "sd", .fn = PVM_AGG_STDDEV, .nkeys = 1, .keytype = { PT_INT }, .keysize = { 2 } },
	{ .name = "q", .fn = PVM_AGG_QUANTIZE },
	{ .name = "lq", .fn = PVM_AGG_LQUANTIZE, .nkeys = 1, .keytype = { PT_INT }, .keysize = { 8 },
	  .param = { -10, 100, 10 } },
	{ .name = "llq", .fn = PVM_AGG_LLQUANTIZE, .nkeys = 1, .keytype = { PT_STR },
	  .param = { 10, 0, 6, 20 } },
	{ .name = "stk", .fn = PVM_AGG_COUNT, .nkeys = 1, .keytype = { PT_STACK } },
	{ .name = "lq2", .fn = PVM_AGG_LQUANTIZE, .param = { INT32_MIN, INT32_MAX, 65536 } },
};

/* Some fields lie outside the raw record or are malformed (size 3), as
 * the verifier or the run must notice. */
static const pvm_field fv_fields[] = {
	{ .offset = 0, .size = 4, .kind = PVM_FLD_INT, .sign = 1 },
	{ .offset = 8, .size = 8, .kind = PVM_FLD_INT },
	{ .offset = 4, .size = 16, .kind = PVM_FLD_CHARS },
	{ .offset = 12, .size = 4, .kind = PVM_FLD_DATALOC },
	{ .offset = 16, .size = 4, .kind = PVM_FLD_RELLOC },
	{ .offset = 2, .size = 6, .kind = PVM_FLD_BYTES },
	{ .offset = 250, .size = 2, .kind = PVM_FLD_INT },
	{ .offset = 0, .size = 3, .kind = PVM_FLD_INT },
};

static const char *const fv_strtab[] = {
	"", "a", "hello/world", "/usr//lib/../bin/./x/", "%d %s", "abcabcabd",
	"0x7fffffffffffffff ",
};

static const uint32_t fv_strsizes[] = { 2, 3, 9, 17, 65, 257, 1025, PVM_MAX_STRSIZE };
static const uint32_t fv_memsizes[] = { 0, 1, 16, 256 };

/* The rest of the input, read as a stream (zeros past its end). */
typedef struct fv_in {
	const uint8_t *p;
	size_t n;
} fv_in;

static uint8_t fv_byte(fv_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static void fv_bytes(fv_in *in, void *out, size_t n)
{
	size_t k = n < in->n ? n : in->n;

	memcpy(out, in->p, k);
	memset((uint8_t *)out + k, 0, n - k);
	in->p += k;
	in->n -= k;
}

/* Decode the instructions; returns how many (at most cap). */
static uint32_t fv_insns(fv_in *in, int raw, pvm_insn *out, uint32_t cap)
{
	uint32_t n = 0;

	if (raw) {
		while (in->n && n < cap) {
			uint8_t b[8];
			fv_bytes(in, b, 8);
			out[n].op = b[0];
			out[n].a = b[1];
			out[n].b = b[2];
			out[n].c = b[3];
			memcpy(&out[n].imm, b + 4, 4);
			n++;
		}
		return n;
	}
	while (in->n && n < cap - 1) {
		uint8_t op = fv_byte(in), ab = fv_byte(in), ck = fv_byte(in), x = fv_byte(in);
		uint32_t imm;
		switch (ck >> 4) {
		case 10: imm = x | PVM_SIGNED; break;
		case 11: imm = (uint32_t)(int32_t)(int8_t)x; break;
		case 12: imm = (uint32_t)x << 8; break;
		case 13: imm = (uint32_t)x << 16; break;
		case 14: imm = (uint32_t)x << 24; break;
		case 15: fv_bytes(in, &imm, 4); break;
		default: imm = x;
		}
		out[n].op = (uint8_t)(op % PVM_NOPS);
		out[n].a = ab & 15;
		out[n].b = ab >> 4;
		out[n].c = ck & 15;
		out[n].imm = (int32_t)imm;
		n++;
	}
	out[n++] = (pvm_insn){ PVM_RET, 0, 0, 0, 0 };
	return n;
}

int FUZZ_ENTRY(const uint8_t *data, size_t size);

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	static pvm_insn insns[PVM_MAX_INSNS + 1];
	static char strbuf[FV_N(fv_strtab)][PVM_MAX_STRSIZE];
	const char *strs[FV_N(fv_strtab)];
	int64_t consts[8];
	uint8_t h[8], raw[256];
	uint64_t kstack[127], ustack[127], uregs[20];
	fv_in in = { data, size };
	pvm_prog prog;
	pvm_ctx ctx;
	pvm_state st;
	char msg[256];

	fv_bytes(&in, h, sizeof(h));
	memset(&prog, 0, sizeof(prog));
	for (size_t i = 0; i < FV_N(fv_aggs); i++)
		fv_aggs[i].nvals = pvm_agg_nvals(&fv_aggs[i]);
	uint32_t strsize = fv_strsizes[h[3] & 7];
	prog.vars = (pvm_vardesc *)fv_vars;
	prog.nvars = (h[0] & 15) < FV_N(fv_vars) ? h[0] & 15 : FV_N(fv_vars);
	prog.aggs = fv_aggs;
	prog.naggs = (h[0] >> 4) < FV_N(fv_aggs) ? h[0] >> 4 : FV_N(fv_aggs);
	/* the string table holds strings shorter than strsize */
	prog.nstrs = (h[1] & 7) < FV_N(fv_strtab) ? h[1] & 7 : FV_N(fv_strtab);
	for (uint32_t i = 0; i < prog.nstrs; i++) {
		snprintf(strbuf[i], strsize, "%s", fv_strtab[i]);
		strs[i] = strbuf[i];
	}
	prog.strs = strs;
	prog.nconsts = (h[1] >> 3) & 7;
	for (uint32_t i = 0; i < prog.nconsts; i++)
		fv_bytes(&in, &consts[i], 8);
	prog.consts = consts;
	prog.fields = (pvm_field *)fv_fields;
	prog.nfields = h[2] & 7;
	prog.nfmts = (h[2] >> 3) & 3;
	prog.nacts = (h[2] >> 5) & 3;
	prog.gmemsize = fv_memsizes[(h[3] >> 3) & 3];
	prog.lmemsize = fv_memsizes[(h[3] >> 5) & 3];
	uint32_t rawlen = h[4];
	fv_bytes(&in, raw, rawlen);

	pvm_code code = { insns, fv_insns(&in, h[1] & 0x40, insns, PVM_MAX_INSNS + 1), NULL, NULL };
	prog.clauses = &code;
	prog.nclauses = 1;
	msg[0] = 0;
	if (pvm_verify(&prog, &code, msg, sizeof(msg)) < 0) {
		if (!memchr(msg, 0, sizeof(msg)) || !msg[0])
			abort(); /* a rejection names its reason */
		return 0;
	}
	/* FUZZ_VERIFY_DUMP=1: show what a replayed input runs */
	pvm_disasm(getenv("FUZZ_VERIFY_DUMP") ? stderr : fuzz_null(), &prog, &code);

	memset(&ctx, 0, sizeof(ctx));
	if (rawlen) {
		ctx.raw = raw;
		ctx.rawlen = rawlen;
	}
	for (size_t i = 0; i < FV_N(kstack); i++) {
		kstack[i] = 0xffffffff81000000ULL + 16 * i;
		ustack[i] = 0x401000 + 16 * i;
	}
	ctx.kstack = kstack;
	ctx.nkstack = h[5] & 127;
	ctx.ustack = ustack;
	ctx.nustack = h[6] & 127;
	if (h[1] & 0x80) {
		ctx.b[PVM_B_EXECNAME] = (uint64_t)(uintptr_t)"fuzz";
		ctx.b[PVM_B_PROBEPROV] = (uint64_t)(uintptr_t)"syscall";
		ctx.b[PVM_B_PROBEMOD] = (uint64_t)(uintptr_t)"";
		ctx.b[PVM_B_PROBEFUNC] = (uint64_t)(uintptr_t)"read";
		ctx.b[PVM_B_PROBENAME] = (uint64_t)(uintptr_t)"entry";
		ctx.b[PVM_B_PID] = 4242;
		ctx.b[PVM_B_TID] = 4243;
		for (int i = 0; i < 10; i++)
			ctx.b[PVM_B_ARG0 + i] = prog.nconsts ? (uint64_t)consts[i % prog.nconsts] : (uint64_t)i;
		for (size_t i = 0; i < FV_N(uregs); i++)
			uregs[i] = 0x7ffc0000 + i;
		ctx.uregs = uregs;
		ctx.nuregs = FV_N(uregs);
	}

	int small = h[2] & 0x80;
	if (pvm_state_init(&st, &prog, strsize, 2, small ? 512 : 1 << 20, small ? 256 : 1 << 16) < 0)
		return 0;
	st.env = fuzz_env;
	for (int f = 0; f <= (h[7] & 3); f++) {
		pvm_faultinfo fault;
		memset(&fault, 0, sizeof(fault));
		pvm_firing_begin(&st);
		int rc = pvm_run(&st, &code, &ctx, (uint32_t)f & 1, &fault);
		/* 0, 1 (a false predicate: no records), or a fault of a known
		 * kind at an instruction, its records dropped */
		if ((rc == 1 && st.rec.len != 0) ||
		    (rc == -1 && (fault.kind <= PVM_FAULT_NONE || fault.kind > PVM_FAULT_NOSPACE ||
				  fault.pc >= code.n || st.rec.len != 0)) ||
		    rc < -1 || rc > 1)
			abort();
		fuzz_check_records(&st);
		st.rec.len = 0; /* the consumer took them */
	}
	pvm_state_fini(&st);
	return 0;
}
