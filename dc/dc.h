/* The D compiler's interface: D source in, a verified-ready dtr_program
 * out (clauses of probe VM bytecode, their probe descriptions, printf
 * formats and options), or a positioned diagnostic. */
#ifndef DC_H
#define DC_H

#include <stdint.h>

#include "dc/dfmt.h"
#include "dc/dtype.h"
#include "probevm/pvm.h"

struct prov_match;

/* A source position: 1-based line and column. */
typedef struct dloc {
	int line, col;
} dloc;

/* One probe description of a clause, fields possibly empty or globbed. */
typedef struct dtr_probespec {
	char *text;           /* as written, e.g. "syscall::read*:entry" */
	char *prov, *mod, *func, *name;
	dloc loc;
} dtr_probespec;

/* Compiler-side facts about one clause (index-parallel to vm.clauses). */
#define DTR_COPY_ANY 0x8000

typedef struct dtr_clause {
	dtr_probespec *specs;
	int nspecs;
	int records;          /* produces output: prints the probe line unless quiet */
	uint16_t copyin;      /* copies user memory (copyin, copyinstr, copyinto) at
			       * argN (bit N) or elsewhere (DTR_COPY_ANY): read early */
	dloc loc;
	uint16_t ustrargs;    /* copyinstr(argN) of these N (bit N): uprobes capture them */
	/* A clause that only counts: no predicate, one statement
	 * @a[keys] = count() whose keys are probe names (probefunc ...), known
	 * per probe, or execname, known per thread. countagg is a's index + 1
	 * (0: not such a clause), countkey the built-in (PVM_B_PROBE*,
	 * PVM_B_EXECNAME) of each key. Its probes, or its busiest threads, may
	 * be counted by the kernel instead of sampled. */
	uint16_t countagg;
	uint8_t countkey[PVM_MAX_TUPLE];
	/* The part of the predicate the kernel's event filter tests (pushdown.c):
	 * a filter string admitting at least the events the predicate admits,
	 * exactly those when kfilter_exact; NULL when none. kfilter_rare: it
	 * lets few events through (it needs an execname or tid to equal a
	 * constant), so the runtime may pay more for the events it admits to
	 * pay less for those it rejects (runtime/ftcount.c). */
	const char *kfilter;
	uint8_t kfilter_exact;
	uint8_t kfilter_rare;
	/* The names, one a line, one of which the current task must have for
	 * the predicate to hold (execname == "name" in a conjunction, on each
	 * side of a disjunction), or NULL: no other task's event fires it. */
	const char *kcomm;
} dtr_clause;

/* A printf format and its argument types. */
typedef struct dtr_fmt {
	char *text;
	dfmt f;
	dtype args[PVM_MAX_ARGS];
	int nargs;
} dtr_fmt;

/* Actions recorded with the ACT instruction, performed by the consumer:
 * X(enum, D name). */
#define DTR_ACTKINDS(X) \
	X(PRINTA, "printa")         /* printa([fmt,] @a [, @b ...]): fmt -1 for the default layout */ \
	X(CLEAR, "clear")           /* clear(@agg) */ \
	X(TRUNC, "trunc")           /* trunc(@agg [, n]): nargs 1 when n is given */ \
	X(NORMALIZE, "normalize")   /* normalize(@agg, n) */ \
	X(DENORMALIZE, "denormalize") /* denormalize(@agg) */ \
	X(SYSTEM, "system")         /* system(fmt, ...): fmt's arguments recorded */ \
	X(RAISE, "raise")           /* raise(sig): records sig, pid */ \
	X(STOP, "stop")             /* stop(): records pid */ \
	X(SPECULATE, "speculate")   /* speculate(id): the clause's later records go to buffer id */ \
	X(COMMIT, "commit")         /* commit(id) */ \
	X(DISCARD, "discard")       /* discard(id) */ \
	X(PRINT, "print")           /* print(e): a string as the tuple, or the bytes of e (TRACEM) */ \
	X(TRACEMEM, "tracemem")     /* tracemem(addr, size): the bytes (TRACEM), a hex dump; nargs 1: */ \
	                            /* trace() of a struct or array, a string when it reads as one */ \
	X(SETOPT, "setopt")         /* setopt(name [, value]): the strings recorded, set by the consumer */ \
	X(FREOPEN, "freopen")       /* freopen(fmt, ...): output goes to the file named ("": back) */ \
	X(FTRUNCATE, "ftruncate")   /* ftruncate(): the output file emptied */

enum dtr_actkind {
#define DA_ENUM(e, name) DA_##e,
	DTR_ACTKINDS(DA_ENUM)
#undef DA_ENUM
	DA_NKINDS
};

extern const char *const dtr_actkind_names[DA_NKINDS]; /* dc/actions.c */

typedef struct dtr_action {
	int kind;
	int agg;              /* aggregation index, -1 if none (printa: aggs[0]) */
	int fmt;              /* index in fmts, -1 if none */
	int nargs;            /* recorded values */
	dtype type;           /* DA_PRINT: the type of the value printed */
	int *aggs;            /* printa: the aggregations printed together, in order */
	int naggs;            /* entries in aggs (printa only; 1 for printa(@a)) */
} dtr_action;

/* An option set by #pragma D option or -x. */
typedef struct dtr_option {
	char *name, *value;   /* value NULL for a bare flag */
	dloc loc;
} dtr_option;

typedef struct dtr_program {
	pvm_prog vm;
	dtr_clause *clauses;
	dtr_fmt *fmts;
	dtr_action *acts;
	dtr_option *opts;
	int nopts;
	int kstack, ustack;   /* some clause uses stack() / ustack() */
	int uregs;            /* ... uregs[] (the event must sample user registers) */
	int syms, usyms;      /* ... kernel / user symbol forms (sym(), usym() ...) */
	dtypetab types;       /* pointers, arrays, structs, unions, enums */
	struct darena *arena; /* everything above lives here */
	struct dtr_provdef *provdefs; /* provider definitions, for dtr -h (in the arena too) */
	int nprovdefs;
} dtr_program;

/* What compiling needs to know from the command line. */
typedef struct dc_input {
	const char *src;      /* NUL-terminated source text */
	const char *file;     /* script name for -s, NULL for -n */
	const char *listing;  /* the text error lines quote (the script before cpp), or NULL: src */
	int argc;             /* macro arguments $1..$argc */
	char **argv;
	long target;          /* $target, or -1 when no -c/-p */
	uint32_t strsize;     /* string bound (default 256) */
	int errtags;          /* -x errtags: print the error tag */
	int zdefs;            /* -Z: descriptions matching no probe are allowed */
	int destructive;      /* -w: destructive actions allowed */
	int defaultargs;      /* -x defaultargs: a missing $N is 0, $$N "" */
	struct dc_cimport *cimport; /* -C: the C declarations of the script's headers, or NULL */
	int empty;            /* -x empty: a program with no clauses is allowed */
	int argref;           /* -x argref: macro arguments the program does not use are allowed */
	uint64_t scratchsize; /* bytes alloca() and copyin() may take (0: no bound checked) */
	/* #pragma D option name[=value] as it is read: 0, or -1 with *why
	 * DTrace's reason (the compile fails with D_PRAGMA_OPTSET). NULL: options
	 * are only recorded in the program. */
	int (*setopt)(void *arg, const char *name, const char *value, const char **why);
	void *setopt_arg;
	/* Optional: told, as soon as the program is parsed, of each tracepoint
	 * (system, event) its probes surely attach to (prov_surely), so that
	 * the runtime may open them while the compiler goes on. */
	void (*warm)(const char *sys, const char *event, void *arg);
	void *warm_arg;
} dc_input;

/* A compile error: the message (DTrace's wording), its position, and
 * DTrace's error tag (D_SYNTAX ...). */
typedef struct dc_error {
	char msg[512];
	const char *tag;
	dloc loc;
} dc_error;

/* Compile src. Returns a program, or NULL with *err filled. Probe
 * descriptions are checked against the providers (an unknown provider or
 * a description matching no probe is an error). */
dtr_program *dc_compile(const dc_input *in, dc_error *err);
/* The C types of kernel function func's arguments (ret: of its return
 * probe, whose args[1] is the value returned) from the kernel's BTF; returns
 * how many, 0 if BTF does not know the function. */
int dc_kernel_argtypes(const char *func, int ret, char (*types)[128], int max);
void dc_free(dtr_program *p);

/* Print err as DTrace does, plus the position and a caret line:
 *   dtr: failed to compile script x.d: line 3: syntax error near "}"
 * (or "dtr: invalid probe specifier SRC: ..." for -n), then the source line
 * and a caret under the column. */
void dc_print_error(FILE *out, const dc_input *in, const dc_error *err);

/* A probe of a provider definition: probe name(args) [: (translated args)];
 * the native argument types are kept, the translated ones are not. */
typedef struct dtr_provprobe {
	char *name;           /* as written, a C identifier: "request__start" */
	char *dname;          /* as D names it, each "__" a '-': "request-start" */
	char **argtypes;      /* native argument types, normalized: "char *", "uint64_t" */
	char **argnames;      /* their parameter names, NULL where anonymous */
	int nargs;
	dloc loc;
} dtr_provprobe;

/* A provider definition: provider name { probe ...; }; (dtrace -h's input).
 * A provider defined again with the same interface is one definition. */
typedef struct dtr_provdef {
	char *name;
	dtr_provprobe *probes;
	int nprobes;
	dloc loc;
} dtr_provdef;

#endif
