/* The probe VM's program, context and state: what a compiled D program looks
 * like to the VM, what one probe firing supplies, and how to verify, run and
 * disassemble clauses. The VM knows no source language, kernel or output
 * format. */
#ifndef PVM_H
#define PVM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "probevm/isa.h"

/* Built-in variables a probe firing supplies: X(enum, D name, VM type). */
#define PVM_BUILTINS(X) \
	X(ARG0, "arg0", PT_INT) X(ARG1, "arg1", PT_INT) X(ARG2, "arg2", PT_INT) \
	X(ARG3, "arg3", PT_INT) X(ARG4, "arg4", PT_INT) X(ARG5, "arg5", PT_INT) \
	X(ARG6, "arg6", PT_INT) X(ARG7, "arg7", PT_INT) X(ARG8, "arg8", PT_INT) \
	X(ARG9, "arg9", PT_INT) \
	X(PID, "pid", PT_INT) X(TID, "tid", PT_INT) X(PPID, "ppid", PT_INT) \
	X(UID, "uid", PT_INT) X(GID, "gid", PT_INT) X(CPU, "cpu", PT_INT) \
	X(TIMESTAMP, "timestamp", PT_INT) X(VTIMESTAMP, "vtimestamp", PT_INT) \
	X(WALLTIMESTAMP, "walltimestamp", PT_INT) \
	X(EPID, "epid", PT_INT) X(ID, "id", PT_INT) X(ERRNO, "errno", PT_INT) \
	X(EXECNAME, "execname", PT_STR) X(PROBEPROV, "probeprov", PT_STR) \
	X(PROBEMOD, "probemod", PT_STR) X(PROBEFUNC, "probefunc", PT_STR) \
	X(PROBENAME, "probename", PT_STR)

enum pvm_builtin {
#define PVM_B_ENUM(e, name, t) PVM_B_##e,
	PVM_BUILTINS(PVM_B_ENUM)
#undef PVM_B_ENUM
	PVM_NBUILTINS
};

typedef struct pvm_builtin_info {
	const char *name;
	uint8_t type;
} pvm_builtin_info;

extern const pvm_builtin_info pvm_builtins[PVM_NBUILTINS];

/* One probe firing: built-in values (strings as const char * stored in the
 * slot), filled by the runtime before clauses run. */
typedef struct pvm_ctx {
	uint64_t b[PVM_NBUILTINS];
} pvm_ctx;

/* trace() of an integer: imm of TRACEI is its size in bytes | PVM_SIGNED. */
#define PVM_SIGNED 0x100

/* Aggregating functions. */
enum pvm_aggfn {
	PVM_AGG_COUNT, PVM_AGG_SUM, PVM_AGG_AVG, PVM_AGG_MIN, PVM_AGG_MAX,
	PVM_AGG_STDDEV, PVM_AGG_QUANTIZE, PVM_AGG_LQUANTIZE, PVM_AGG_LLQUANTIZE,
};

#define PVM_QUANTIZE_BUCKETS 127 /* -2^62 .. -1, 0, 1 .. 2^62 as DTrace */

/* One aggregation: its function, parameters and key types. */
typedef struct pvm_aggdesc {
	const char *name;      /* without '@'; "" for the anonymous one */
	uint8_t fn;            /* enum pvm_aggfn */
	uint8_t nkeys;
	uint8_t keytype[PVM_MAX_TUPLE]; /* PT_INT or PT_STR */
	uint16_t keysize[PVM_MAX_TUPLE]; /* integer key size in bytes, for output */
	uint8_t keysigned[PVM_MAX_TUPLE];
	int64_t param[4];      /* lquantize: base, limit, step; llquantize: factor, low, high, nsteps */
	uint32_t nvals;        /* int64 slots this function keeps per tuple */
} pvm_aggdesc;

/* Variables the program declares (global scalars, for now). */
typedef struct pvm_vardesc {
	const char *name;
	uint8_t type; /* PT_INT or PT_STR */
} pvm_vardesc;

/* One clause's code with its line and action tables. */
typedef struct pvm_code {
	pvm_insn *insns;
	uint32_t n;
	uint32_t *line;   /* source line of each instruction */
	uint16_t *action; /* 1-based action (statement) number of each instruction */
} pvm_code;

/* The VM's view of a whole program. */
typedef struct pvm_prog {
	pvm_code *clauses;
	uint32_t nclauses;
	int64_t *consts;       /* LDK pool */
	uint32_t nconsts;
	const char **strs;     /* LDS table, each shorter than strsize */
	uint32_t nstrs;
	pvm_vardesc *vars;
	uint32_t nvars;
	pvm_aggdesc *aggs;
	uint32_t naggs;
	uint32_t nfmts;        /* printf formats (their text lives with the compiler) */
} pvm_prog;

/* Number of value slots an aggregating function keeps. */
uint32_t pvm_agg_nvals(const pvm_aggdesc *d);

/* Records a clause writes, committed only when the clause ends without a
 * fault. Each record is a header and a payload padded to 8 bytes. Payloads:
 * TRACE_INT and EXIT an int64; TRACE_STR a NUL-terminated string; PRINTF the
 * tuple encoding of its arguments (see pvm_tuple_*). */
enum pvm_reckind { PVM_REC_TRACE_INT = 1, PVM_REC_TRACE_STR, PVM_REC_PRINTF, PVM_REC_EXIT };

typedef struct pvm_rechdr {
	uint16_t kind;
	uint16_t id;   /* TRACE_INT: size | signed bit >> 1; PRINTF: format index */
	uint32_t size; /* payload bytes, before padding */
} pvm_rechdr;

typedef struct pvm_recbuf {
	uint8_t *data;
	size_t len, cap;
} pvm_recbuf;

/* Fault kinds, with DTrace's wording. */
#define PVM_FAULTS(X) \
	X(NONE, "no fault") \
	X(DIVZERO, "divide-by-zero") \
	X(BADADDR, "invalid address") \
	X(TUPLE, "tuple stack overflow") \
	X(NOSPACE, "out of scratch space")

enum pvm_fault {
#define PVM_F_ENUM(e, s) PVM_FAULT_##e,
	PVM_FAULTS(PVM_F_ENUM)
#undef PVM_F_ENUM
};

const char *pvm_fault_name(int fault);

typedef struct pvm_faultinfo {
	int kind;
	uint32_t pc;
	uint64_t addr;
} pvm_faultinfo;

struct pvm_aggtab;

/* Mutable VM state shared by all clauses of a program. */
typedef struct pvm_state {
	const pvm_prog *prog;
	uint32_t strsize;
	uint64_t *gvals;    /* integer value, or pointer to gstr slot */
	char *gstr;         /* nvars * strsize bytes */
	struct pvm_aggtab **aggtab; /* one per CPU */
	uint32_t ncpus;
	uint64_t tuple[PVM_MAX_TUPLE];
	uint8_t ttype[PVM_MAX_TUPLE];
	uint32_t ntuple;
	pvm_recbuf rec;
} pvm_state;

int pvm_state_init(pvm_state *st, const pvm_prog *prog, uint32_t strsize,
		   uint32_t ncpus, size_t aggsize);
void pvm_state_fini(pvm_state *st);

/* Verify one clause. Returns 0, or -EINVAL with a message naming the
 * instruction in msg. */
int pvm_verify(const pvm_prog *prog, const pvm_code *code, char *msg, size_t msglen);

/* Run one verified clause for a firing on cpu. Returns 0, or -1 with *fault
 * filled (the clause's records are then discarded). Records are appended to
 * st->rec. */
int pvm_run(pvm_state *st, const pvm_code *code, const pvm_ctx *ctx, uint32_t cpu,
	    pvm_faultinfo *fault);

/* Print one clause's disassembly, with source lines from src when given. */
void pvm_disasm(FILE *out, const pvm_prog *prog, const pvm_code *code);

/* Tuple encoding shared by aggregation keys and printf arguments: each
 * integer is 8 bytes, each string its bytes and a NUL. */
size_t pvm_tuple_encode(uint8_t *out, size_t cap, const uint64_t *vals,
			const uint8_t *types, uint32_t n, uint32_t strsize);

#endif
