/* The probe VM's program, context and state: what a compiled D program looks
 * like to the VM, what one probe firing supplies, and how to verify, run and
 * disassemble clauses. The VM knows no source language, kernel or output
 * format. */
#ifndef PVM_H
#define PVM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "probevm/isa.h"

/* Built-in variables a probe firing supplies: X(enum, D name, VM type, D
 * type's size in bytes and signedness (integers; a string's are unused)). */
#define PVM_BUILTINS(X) \
	X(ARG0, "arg0", PT_INT, 8, 1) \
	X(ARG1, "arg1", PT_INT, 8, 1) \
	X(ARG2, "arg2", PT_INT, 8, 1) \
	X(ARG3, "arg3", PT_INT, 8, 1) \
	X(ARG4, "arg4", PT_INT, 8, 1) \
	X(ARG5, "arg5", PT_INT, 8, 1) \
	X(ARG6, "arg6", PT_INT, 8, 1) \
	X(ARG7, "arg7", PT_INT, 8, 1) \
	X(ARG8, "arg8", PT_INT, 8, 1) \
	X(ARG9, "arg9", PT_INT, 8, 1) \
	X(PID, "pid", PT_INT, 4, 1) \
	X(TID, "tid", PT_INT, 4, 1) \
	X(PPID, "ppid", PT_INT, 4, 1) \
	X(UID, "uid", PT_INT, 4, 0) \
	X(GID, "gid", PT_INT, 4, 0) \
	X(CPU, "cpu", PT_INT, 4, 1) \
	X(TIMESTAMP, "timestamp", PT_INT, 8, 0) \
	X(VTIMESTAMP, "vtimestamp", PT_INT, 8, 0) \
	X(WALLTIMESTAMP, "walltimestamp", PT_INT, 8, 0) \
	X(EPID, "epid", PT_INT, 4, 0) \
	X(ID, "id", PT_INT, 4, 0) \
	X(ERRNO, "errno", PT_INT, 4, 1) \
	X(EXECNAME, "execname", PT_STR, 0, 0) \
	X(PROBEPROV, "probeprov", PT_STR, 0, 0) \
	X(PROBEMOD, "probemod", PT_STR, 0, 0) \
	X(PROBEFUNC, "probefunc", PT_STR, 0, 0) \
	X(PROBENAME, "probename", PT_STR, 0, 0) \
	X(STACKDEPTH, "stackdepth", PT_INT, 4, 0) \
	X(USTACKDEPTH, "ustackdepth", PT_INT, 4, 0) \
	X(CALLER, "caller", PT_INT, 8, 0) \
	X(UCALLER, "ucaller", PT_INT, 8, 0)

enum pvm_builtin {
#define PVM_B_ENUM(e, name, t, size, sign) PVM_B_##e,
	PVM_BUILTINS(PVM_B_ENUM)
#undef PVM_B_ENUM
	PVM_NBUILTINS
};

typedef struct pvm_builtin_info {
	const char *name;
	uint8_t type;
	uint8_t size, sign; /* of the D type: int is 4 and signed */
} pvm_builtin_info;

extern const pvm_builtin_info pvm_builtins[PVM_NBUILTINS];

/* One probe firing: built-in values (strings as const char * stored in the
 * slot), filled by the runtime before clauses run. */
typedef struct pvm_ctx {
	uint64_t b[PVM_NBUILTINS];
	const uint8_t *raw;   /* the event's raw record (tracepoint fields), for LDX */
	uint32_t rawlen;
	const uint64_t *kstack, *ustack; /* program counters, innermost first */
	uint32_t nkstack, nustack;
	const uint64_t *uregs;           /* user registers, indexed as D's R_* constants */
	uint32_t nuregs;
} pvm_ctx;

/* A stack or symbol value, as STK and SYMV make it and tuples encode it:
 * this header, then n program counters. */
enum pvm_stackform { PVM_STACK, PVM_SYM, PVM_FUNC, PVM_MOD, PVM_ADDR };

typedef struct pvm_stackval {
	uint16_t n;
	uint8_t user;     /* user-space addresses of process pid */
	uint8_t form;     /* enum pvm_stackform */
	int32_t pid;
	uint64_t pcs[];
} pvm_stackval;

#define PVM_MAX_FRAMES 100

/* trace() of an integer: imm of TRACEI is its size in bytes | PVM_SIGNED. */
#define PVM_SIGNED 0x100

/* Aggregating functions as D declares them: X(enum, D name, min args, max
 * args, varargs, nproto). The value (argument #1) comes first, then the
 * integer parameters, then an optional increment (weight); with max args,
 * the last one is the increment. varargs: DTrace's prototype ends in
 * "...", so that too many arguments are found after the parameters'
 * checks. nproto: parameters that are 32-bit integers by the prototype. */
#define PVM_AGGFNS(X) \
	X(COUNT, "count", 0, 0, 0, 0) \
	X(SUM, "sum", 1, 1, 0, 0) \
	X(AVG, "avg", 1, 1, 0, 0) \
	X(MIN, "min", 1, 1, 0, 0) \
	X(MAX, "max", 1, 1, 0, 0) \
	X(STDDEV, "stddev", 1, 1, 0, 0) \
	X(QUANTIZE, "quantize", 1, 2, 1, 0) \
	X(LQUANTIZE, "lquantize", 3, 5, 1, 2) \
	X(LLQUANTIZE, "llquantize", 5, 6, 1, 4)

enum pvm_aggfn {
#define PVM_AGG_ENUM(e, name, mn, mx, va, np) PVM_AGG_##e,
	PVM_AGGFNS(PVM_AGG_ENUM)
#undef PVM_AGG_ENUM
	PVM_NAGGFNS
};

typedef struct pvm_aggfn_info {
	const char *name;
	int8_t minargs, maxargs, varargs, nproto;
} pvm_aggfn_info;

extern const pvm_aggfn_info pvm_aggfns[PVM_NAGGFNS];

#define PVM_QUANTIZE_BUCKETS 127 /* -2^62 .. -1, 0, 1 .. 2^62 as DTrace */

/* One aggregation: its function, parameters and key types. */
typedef struct pvm_aggdesc {
	const char *name;      /* without '@'; "" for the anonymous one */
	uint8_t fn;            /* enum pvm_aggfn */
	uint8_t nkeys;
	uint8_t keytype[PVM_MAX_TUPLE]; /* PT_INT, PT_STR or PT_STACK */
	uint16_t keysize[PVM_MAX_TUPLE]; /* integer key size in bytes, for output */
	uint8_t keysigned[PVM_MAX_TUPLE];
	int64_t param[4];      /* lquantize: base, limit, step; llquantize: factor, low, high, nsteps */
	uint32_t nvals;        /* int64 slots this function keeps per tuple */
} pvm_aggdesc;

/* Variables: global scalars, thread-local (self->), clause-local (this->)
 * and associative arrays keyed by tuples. */
enum pvm_scope { PVM_GLOBAL, PVM_THREAD, PVM_CLAUSE, PVM_ARRAY };

typedef struct pvm_vardesc {
	const char *name;
	uint8_t type;   /* PT_INT or PT_STR */
	uint8_t scope;  /* enum pvm_scope */
	uint8_t nkeys;  /* arrays: key count and types */
	uint8_t keytype[PVM_MAX_TUPLE];
	uint32_t size;  /* thread-local struct (LDTA), array of structs (LDAA, MKAA): its bytes; else 0 */
	uint32_t vsize; /* bytes of an integer value as D sizes it (an int 4); 0: 8 */
} pvm_vardesc;

/* Subroutines callable with CALL: X(enum, D name, result type, min args,
 * max args, argument types as a string of 'i' (integer), 's' (string) and
 * 'a' (either: an address, or a string's bytes)). */
#define PVM_SUBRS(X) \
	X(STRLEN, "strlen", PT_INT, 1, 1, "s") \
	X(STRJOIN, "strjoin", PT_STR, 2, 2, "ss") \
	X(SUBSTR, "substr", PT_STR, 2, 3, "sii") \
	X(INDEX, "index", PT_INT, 2, 3, "ssi") \
	X(RINDEX, "rindex", PT_INT, 2, 3, "ssi") \
	X(STRCHR, "strchr", PT_STR, 2, 2, "si") \
	X(STRRCHR, "strrchr", PT_STR, 2, 2, "si") \
	X(STRSTR, "strstr", PT_STR, 2, 2, "ss") \
	X(STRTOK, "strtok", PT_STR, 1, 2, "ss") /* one argument: strtok(NULL, delim) */ \
	X(LLTOSTR, "lltostr", PT_STR, 1, 2, "ii") \
	X(TOUPPER, "toupper", PT_STR, 1, 1, "s") \
	X(TOLOWER, "tolower", PT_STR, 1, 1, "s") \
	X(BASENAME, "basename", PT_STR, 1, 1, "s") \
	X(DIRNAME, "dirname", PT_STR, 1, 1, "s") \
	X(CLEANPATH, "cleanpath", PT_STR, 1, 1, "s") \
	X(HTONS, "htons", PT_INT, 1, 1, "i") \
	X(HTONL, "htonl", PT_INT, 1, 1, "i") \
	X(HTONLL, "htonll", PT_INT, 1, 1, "i") \
	X(NTOHS, "ntohs", PT_INT, 1, 1, "i") \
	X(NTOHL, "ntohl", PT_INT, 1, 1, "i") \
	X(NTOHLL, "ntohll", PT_INT, 1, 1, "i") \
	X(RAND, "rand", PT_INT, 0, 0, "") \
	X(GETMAJOR, "getmajor", PT_INT, 1, 1, "i") \
	X(GETMINOR, "getminor", PT_INT, 1, 1, "i") \
	X(COPYINSTR, "copyinstr", PT_STR, 1, 2, "ii") \
	X(PROGENYOF, "progenyof", PT_INT, 1, 1, "i") \
	X(STRTOLL, "strtoll", PT_INT, 1, 2, "si") \
	X(SPECULATION, "speculation", PT_INT, 0, 0, "") \
	X(COPYIN, "copyin", PT_INT, 2, 2, "ii") /* scratch memory: a checked address */ \
	X(COPYINTO, "copyinto", PT_INT, 3, 3, "iii") \
	X(ALLOCA, "alloca", PT_INT, 1, 1, "i") \
	X(BCOPY, "bcopy", PT_INT, 3, 3, "aii") \
	X(INET_NTOA, "inet_ntoa", PT_STR, 1, 1, "i") \
	X(INET_NTOA6, "inet_ntoa6", PT_STR, 1, 2, "ii") /* (addr [, strict]) */ \
	X(INET_NTOP, "inet_ntop", PT_STR, 2, 2, "ii") \
	X(LINK_NTOP, "link_ntop", PT_STR, 2, 2, "ii") /* ARPHRD_ETHER or _INFINIBAND address */ \
	/* dtr's own, behind DTrace's translated structs (psinfo_t, devinfo_t) */ \
	X(PSARGS, "_psargs", PT_STR, 1, 1, "i") /* pr_psargs of a pid */ \
	X(DEVNAME, "_devname", PT_STR, 1, 1, "i") /* a block device's name ("sda") */ \
	X(FDPATH, "_fdpath", PT_STR, 1, 1, "i") /* fds[fd].fi_pathname */ \
	X(FDFS, "_fdfs", PT_STR, 1, 1, "i") /* fds[fd].fi_fs */ \
	X(FDMOUNT, "_fdmount", PT_STR, 1, 1, "i") /* fds[fd].fi_mount */ \
	X(FDINFO, "_fdinfo", PT_INT, 2, 2, "ii") /* fds[fd].fi_offset (0), fi_oflags (1) */ \
	X(PROC, "_proc", PT_INT, 2, 2, "ii") /* of thread tid: what (probes/provider.h, enum prov_procinfo) */ \
	X(UREG, "_ureg", PT_INT, 1, 1, "i") /* uregs[r]: user register r of the firing, 0 if none */ \
	X(CPUTOPO, "_cputopo", PT_INT, 2, 2, "ii") /* curcpu->cpu_chip (0), cpu_lgrp (1) of a CPU */ \
	X(STRPTR, "_strptr", PT_INT, 1, 1, "s") /* a string as a char *: a copy in alloca() memory */

enum pvm_subr {
#define PVM_S_ENUM(e, name, rt, mn, mx, ty) PVM_SUBR_##e,
	PVM_SUBRS(PVM_S_ENUM)
#undef PVM_S_ENUM
	PVM_NSUBRS
};

typedef struct pvm_subrinfo {
	const char *name;
	uint8_t ret, minargs, maxargs;
	const char *types;
} pvm_subrinfo;

extern const pvm_subrinfo pvm_subrs[PVM_NSUBRS];

/* Services the runtime lends the VM for subroutines that need the world
 * outside it: user memory of the firing process, the process tree. */
typedef struct pvm_env {
	void *arg;
	/* Copy up to len bytes at addr in process pid as they were at time
	 * (the firing's timestamp); returns bytes read or -1. */
	long (*read_user)(void *arg, int32_t pid, uint64_t addr, uint64_t time, void *buf, size_t len);
	/* Is pid a descendant of (or equal to) ancestor? */
	int (*progenyof)(void *arg, int32_t pid, int32_t ancestor);
	/* A free speculation buffer's id, or 0 when none is free. */
	int (*speculation)(void *arg);
	/* The argument string of process pid (curpsinfo->pr_psargs). */
	const char *(*psargs)(void *arg, int32_t pid);
	/* The name of block device dev (the kernel's dev_t), NULL if unknown. */
	const char *(*devname)(void *arg, uint32_t dev);
	/* File descriptor fd of process pid: its path (what 0), file system
	 * type (1) or mount point (2); "<none>" when there is no such descriptor. */
	const char *(*fdname)(void *arg, int32_t pid, int32_t fd, int what);
	/* ... its offset (what 0) or open flags (1); -1 when unknown. */
	int64_t (*fdinfo)(void *arg, int32_t pid, int32_t fd, int what);
	/* A fact of thread tid or its process: what is the translators' number
	 * for it (pid 0, ppid 1, uid 2, gid 3, then the others); -1 if unknown. */
	int64_t (*proc)(void *arg, int32_t tid, int what);
	/* CPU cpu's package (what 0) and NUMA node (1); -1 when unknown. */
	int64_t (*cputopo)(void *arg, int32_t cpu, int what);
	/* Is id a speculation id (0 to nspec) that commit() and discard() take? */
	int (*spec_id_ok)(void *arg, int64_t id);
	/* A monotonic clock in ns, or NULL: walltimestamp advances by the time
	 * a firing's clauses have run, as DTrace reads the clock at each use. */
	uint64_t (*now)(void *arg);
} pvm_env;

/* A field of the event's raw record that LDX reads. */
/* BYTES: an array copied to scratch memory; LDX gives its address */
enum pvm_fieldkind { PVM_FLD_INT, PVM_FLD_CHARS, PVM_FLD_DATALOC, PVM_FLD_RELLOC, PVM_FLD_BYTES };

typedef struct pvm_field {
	uint32_t offset, size;
	uint8_t kind;       /* enum pvm_fieldkind */
	uint8_t sign;
} pvm_field;

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
	uint32_t nacts;        /* ACT descriptors (kept by the compiler; the VM only records) */
	pvm_field *fields;     /* LDX table */
	uint32_t nfields;
	uint32_t gmemsize;     /* bytes of global memory (struct and array globals), LDGA */
	uint32_t lmemsize;     /* bytes of clause-local memory (this-> structs), LDLA */
} pvm_prog;

/* Number of value slots an aggregating function keeps. */
uint32_t pvm_agg_nvals(const pvm_aggdesc *d);

/* Records a clause writes, committed only when the clause ends without a
 * fault. Each record is a header and a payload padded to 8 bytes. Payloads:
 * TRACE_INT and EXIT an int64; TRACE_STR a NUL-terminated string; PRINTF the
 * tuple encoding of its arguments (see pvm_tuple_*); TRACE_MEM the bytes
 * TRACEM copied (id: the action). */
enum pvm_reckind { PVM_REC_TRACE_INT = 1, PVM_REC_TRACE_STR, PVM_REC_PRINTF, PVM_REC_EXIT,
		   PVM_REC_ACT, PVM_REC_TRACE_STACK, PVM_REC_TRACE_MEM };

typedef struct pvm_rechdr {
	uint16_t kind;
	uint16_t id;   /* TRACE_INT: size | PVM_SIGNED >> 1; PRINTF: format; ACT: action index */
	uint32_t size; /* payload bytes, before padding */
} pvm_rechdr;

typedef struct pvm_recbuf {
	uint8_t *data;
	size_t len, cap;
} pvm_recbuf;

/* Fault kinds, with DTrace's wording and its fault code (DTRACEFLT_*, the
 * ERROR probe's arg4). */
#define PVM_FAULTS(X) \
	X(NONE, "no fault", 0) \
	X(DIVZERO, "divide-by-zero", 4) \
	X(BADADDR, "invalid address", 1) \
	X(TUPLE, "tuple stack overflow", 8) \
	X(ILLOP, "illegal operation", 3) \
	X(NOSPACE, "out of scratch space", 5)

enum pvm_fault {
#define PVM_F_ENUM(e, s, code) PVM_FAULT_##e,
	PVM_FAULTS(PVM_F_ENUM)
#undef PVM_F_ENUM
};

const char *pvm_fault_name(int fault);
int pvm_fault_code(int fault);

typedef struct pvm_faultinfo {
	int kind;
	uint32_t pc;
	uint64_t addr;
} pvm_faultinfo;

struct pvm_aggtab;
struct pvm_dyntab;

/* Mutable VM state shared by all clauses of a program. */
typedef struct pvm_state {
	const pvm_prog *prog;
	uint32_t strsize;
	uint64_t *gvals;    /* integer value, or pointer to gstr slot */
	char *gstr;         /* nvars * strsize bytes */
	struct pvm_aggtab **aggtab; /* one per CPU */
	uint32_t ncpus;
	uint64_t tuple[PVM_MAX_ARGS];
	uint8_t ttype[PVM_MAX_ARGS];
	uint32_t ntuple;
	pvm_recbuf rec;
	struct pvm_dyntab *dyn;     /* self-> and associative array values */
	uint64_t *cvals;    /* this-> values of the current firing */
	char *cstr;         /* this-> strings */
	uint8_t *gmem;      /* global memory, prog->gmemsize bytes, zeroed */
	uint8_t *lmem;      /* clause-local memory, prog->lmemsize bytes, zeroed per firing */
	struct { uint8_t *p; uint32_t len; } tmem[16]; /* dynamic objects LDTA, MKAA reached in this clause */
	uint32_t ntmem;
	char *scratch;      /* strings, stacks and event bytes of one clause */
	size_t scratch_used, scratch_size;
	uint8_t *amem;      /* alloca()/copyin() memory of one clause: D addresses
	                     * PVM_ALLOCA_BASE + offset, as DTrace's scratch offsets */
	uint32_t amem_used, amem_size;
	char *tokbuf;       /* strtok's saved string */
	size_t tokpos;
	uint64_t rand_state;
	uint64_t wall_t0;   /* env.now at this firing's first walltimestamp, or 0 */
	int has_locals;     /* the program has this-> variables, cleared per firing */
	pvm_env env;
} pvm_state;

/* The D address of a clause's first alloca() byte (DTrace's scratch
 * memory starts past 8 bytes that stand for NULL). */
#define PVM_ALLOCA_BASE 8

/* strsize is the size of a string buffer, NUL included (D's strsize + 1). */
int pvm_state_init(pvm_state *st, const pvm_prog *prog, uint32_t strsize,
		   uint32_t ncpus, size_t aggsize, size_t dynvarsize);
/* Start a new probe firing: this-> variables and local memory reset (out
 * of line: pvm_firing_clear; most programs have neither). */
void pvm_firing_clear(pvm_state *st);
static inline void pvm_firing_begin(pvm_state *st)
{
	if (st->has_locals || st->prog->lmemsize)
		pvm_firing_clear(st);
	st->wall_t0 = 0;
}
/* Dynamic variable drops since the start. */
uint64_t pvm_dyn_drops(const pvm_state *st);
/* Add n to count() aggregation aggid's entry for string keys keys[0..nkeys)
 * on cpu, as n firings of @a[keys] = count() would (events the kernel
 * counted). Returns 0, or -1 when the table is full (a drop). */
int pvm_agg_count_add(pvm_state *st, uint32_t cpu, uint32_t aggid, const char *const *keys,
		      uint32_t nkeys, uint64_t n);
void pvm_state_fini(pvm_state *st);
/* The bytes alloca() and copyin() may take in one clause (the scratchsize
 * option, rounded up to 8; 16 KiB until set). Returns 0 or -ENOMEM. */
int pvm_set_scratchsize(pvm_state *st, uint64_t size);

/* Verify one clause. Returns 0, or -EINVAL with a message naming the
 * instruction in msg. */
int pvm_verify(const pvm_prog *prog, const pvm_code *code, char *msg, size_t msglen);

/* Run one verified clause for a firing on cpu. Returns 0, 1 when its
 * predicate was false (no records, not even the probe line), or -1 with
 * *fault filled (the clause's records are then discarded). Records are
 * appended to st->rec. */
int pvm_run(pvm_state *st, const pvm_code *code, const pvm_ctx *ctx, uint32_t cpu,
	    pvm_faultinfo *fault);

/* Print one clause's disassembly, with source lines from src when given. */
void pvm_disasm(FILE *out, const pvm_prog *prog, const pvm_code *code);

/* Tuple encoding shared by aggregation keys and printf arguments: each
 * integer is 8 bytes, each string its bytes and a NUL, each stack its
 * pvm_stackval header and program counters. */
size_t pvm_tuple_encode(uint8_t *out, size_t cap, const uint64_t *vals,
			const uint8_t *types, uint32_t n, uint32_t strsize);
/* A string of up to 15 characters copied to out (16 bytes of room), NUL
 * included, without a byte loop: its length with the NUL, or 0 when it is
 * longer or its 16 bytes would cross a page. Inline: the aggregation key
 * of nearly every keyed clause. The loads read past the NUL only within
 * the string's page, which is mapped; AddressSanitizer would take the
 * bytes after a short allocation for an overflow, so it does not
 * instrument them (and does not inline it then). */
__attribute__((no_sanitize_address)) static inline size_t pvm_short_string(uint8_t *out,
									    const char *s)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t a, b, zero;

	if (((uintptr_t)s & 4095) > 4096 - 16)
		return 0;
	/* the lowest flagged byte of a word is its first NUL (little-endian);
	 * the bytes stored after it are not the key's */
	memcpy(&a, s, 8);
	memcpy(out, &a, 8);
	if ((zero = (a - ones) & ~a & highs))
		return (size_t)__builtin_ctzll(zero) / 8 + 1;
	memcpy(&b, s + 8, 8);
	memcpy(out + 8, &b, 8);
	if ((zero = (b - ones) & ~b & highs))
		return 8 + (size_t)__builtin_ctzll(zero) / 8 + 1;
	return 0;
}
/* Bytes pvm_tuple_encode() writes for these values. */
size_t pvm_tuple_len(const uint64_t *vals, const uint8_t *types, uint32_t n, uint32_t strsize);
/* Bytes one encoded element of type at p takes. */
size_t pvm_tuple_elem_size(const uint8_t *p, uint8_t type);

#endif
