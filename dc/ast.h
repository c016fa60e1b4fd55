/* The compiler's internal structures: arena, tokens, lexer state and the
 * abstract syntax tree, shared by the passes in dc/ (lexer, parser,
 * semantic analysis, code generation). Only dc/ includes this. */
#ifndef DC_AST_H
#define DC_AST_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "dc/dc.h"

/* arena.c: one arena per compilation, freed at once. */
typedef struct darena darena;
darena *darena_new(void);
void darena_free(darena *a);
void *darena_alloc(darena *a, size_t n);      /* zeroed */
char *darena_strndup(darena *a, const char *s, size_t n);
/* Grow an arena-owned array of elem-size items to hold n+1; returns it. */
void *darena_push(darena *a, void *arr, int n, size_t elem);

enum tok {
	T_EOF, T_IDENT, T_INT, T_STR, T_MACRO, T_AGG, T_PDESC,
	T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_LBRACE, T_RBRACE,
	T_SEMI, T_COMMA, T_DOT, T_ARROW, T_QUEST, T_COLON,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT, T_AMP, T_BOR, T_XOR, T_TILDE,
	T_NOT, T_LAND, T_LOR, T_LXOR, T_SHL, T_SHR,
	T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE,
	T_ASSIGN, T_ADD_EQ, T_SUB_EQ, T_MUL_EQ, T_DIV_EQ, T_MOD_EQ, T_AND_EQ,
	T_OR_EQ, T_XOR_EQ, T_SHL_EQ, T_SHR_EQ, T_INC, T_DEC,
	T_NTOKS
};

extern const char *const dtok_names[T_NTOKS];

typedef struct dtoken {
	int kind;
	dloc loc;
	const char *text;  /* points into the source */
	int len;
	int64_t ival;      /* T_INT value */
	dtype itype;       /* T_INT type from suffix and magnitude */
	char *sval;        /* T_STR contents, T_MACRO/T_AGG/T_IDENT/T_PDESC name */
} dtoken;

/* The compilation: source, arena, error state, lexer position, program
 * under construction. Errors longjmp to the pass driver. */
typedef struct dcomp {
	const dc_input *in;
	darena *arena;
	dc_error *err;
	jmp_buf fail;
	/* lexer */
	const char *p;
	int line, col;
	/* parser lookahead */
	dtoken tok;
	int have_tok;
	int in_pred, depth;
	int kernel_types;      /* kernel typedef names are types (an fbt description was read) */
	int pred_sema;          /* typing a clause's predicate */
	int nest;              /* expression and block nesting while parsing */
	/* results */
	dtr_program *prog;
	struct dclause *clauses;
	int nclauses;
	struct dnode **decls;  /* declarations: N_IDENT, N_SELF or N_THIS with type;
	                        * arrays have key types in args (N_INT nodes) */
	int ndecls;
	struct dclause *cur;   /* the clause sema is in (args-> needs its probes) */
	uint16_t cur_copyin;   /* that clause's copies of user memory: dtr_clause.copyin */
	uint16_t cur_ustr;     /* ... copyinstr(argN) of these N (bits) */
	dtype *vartypes;       /* D type of each variable, parallel to vm.vars */
	uint8_t *varalloca;    /* ... 1: it was assigned alloca() memory */
	struct dvarsig *varsigs; /* D types of each array's keys, parallel to vm.vars */
	struct dnode **inlines; /* inline constants: N_IDENT with x = value */
	int ninlines;
	struct dtypedef *typedefs;
	int ntypedefs;
	struct dxlator *xlators; /* translator declarations */
	int nxlators;
	struct dnode **mglobals; /* variables of struct or array type: N_IDENT (global),
	                          * N_THIS (clause-local) or N_SELF (thread-local) with
	                          * type; ival = offset in global or clause-local
	                          * memory, or the thread-local's variable index */
	int nmglobals;
	int naggs, nvars, nstrs, nconsts, nfmts;
	uint8_t *argused;      /* per macro argument 1..argc: $N or $$N appears */
	struct dnode *unavail; /* the clause calls a kernel-only subroutine (refused after
	                        * the clause's other checks, as DTrace would make them) */
	struct dnode *destr;   /* the first destructive action without -w (refused at the end) */
	struct dpragma *pragmas; /* #pragma D attributes/binding waiting for their name */
	int npragmas;
} dcomp;

/* A #pragma D attributes or binding: kind, the name it applies to, where. */
typedef struct dpragma {
	const char *kind, *name;
	dloc loc;
} dpragma;

/* error: record a DTrace-style message at loc with tag and leave the pass. */
_Noreturn void dc_fail(dcomp *c, dloc loc, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* lex.c */
void dlex_init(dcomp *c);
dtoken dlex_next(dcomp *c);        /* a token in expression context */
int dlex_pdesc(dcomp *c, dtoken *t); /* a probe description, or 0 if none here */
void dlex_skip_space(dcomp *c);
/* After parsing: a #pragma attributes or binding whose name the program never
 * declared is an error (D_PRAGMA_UNUSED). */
void dlex_pragmas_check(dcomp *c);

/* AST */
enum dnode_kind {
	N_INT, N_STR, N_IDENT, N_MACRO, N_AGG, N_UNARY, N_BINARY, N_ASSIGN,
	N_COND, N_CALL, N_POSTFIX, N_INDEX, N_CAST, N_SIZEOF, N_STRINGOF,
	N_SELF, N_THIS,        /* self->name, this->name */
	N_IF,                  /* if (x) l else r: l, r are N_BLOCK or NULL */
	N_BLOCK,               /* { statements } in args */
	N_MEMBER,              /* l->name or l.name; args->name reads a probe's record field */
	N_FREE,                /* l = 0 of a thread-local or array string: frees l */
	N_DEREF,               /* the object of type at address l (sema lowers ->, ., *, [ ] of memory);
	                        * a string read from a char array of ival bytes (0: strsize) */
	N_GADDR,               /* address of the memory object at offset ival: global, or
	                        * clause-local when op is N_THIS; op N_SELF: of thread-local
	                        * struct variable ival; op N_INDEX: of array ival's struct
	                        * element at keys args (refkind 1: made when missing) */
	N_OFFSETOF,            /* offsetof(type, name): type in type */
	N_XLATE,               /* xlate <type> (l): type a translator's output struct or pointer to it */
};

typedef struct dnode {
	int kind;
	dloc loc;
	int op;                /* token kind of the operator */
	struct dnode *l, *r, *x;
	struct dnode **args;   /* call arguments or aggregation keys */
	int nargs;
	char *name;
	int64_t ival;
	char *sval;
	dtype type;            /* set by sema */
	int ref;               /* set by sema: built-in, variable, aggregation, string index */
	int refkind;
	uint8_t bits, bitoff;  /* N_DEREF of a bit-field: its width and first bit (dmember) */
	uint32_t arrowoff;     /* N_DEREF of p->m (and p->m.n ...): the member's offset in *p,
	                        * so that a NULL p faults at address 0, as Oracle DTrace
	                        * checks p before it adds the offset */
} dnode;

enum { REF_NONE, REF_BUILTIN, REF_VAR, REF_SUBR /* N_CALL of a subroutine, not an action */ };

typedef struct dclause {
	dtr_probespec *specs;
	int nspecs;
	dnode *pred;
	dnode **stmts;
	int nstmts;
	dloc loc;
} dclause;

dnode *dnode_new(dcomp *c, int kind, dloc loc);
/* A deep copy of an untyped tree, to be typed where it is put. */
dnode *dnode_copy(dcomp *c, const dnode *n);
/* Put a fresh copy of args[i] wherever the untyped tree e names
 * names[i]->name, for the n of them at once. */
void dnode_bind(dcomp *c, dnode *e, int n, dnode *const *names, dnode *const *args);

/* translator out < in param > { name = expr; ... }: the member expressions
 * as parsed (untyped), with param standing for the input */
typedef struct dxlator {
	dtype out, in;
	const char *param;
	struct dnode **members; /* N_ASSIGN: l N_IDENT member, r expression */
	int nmembers;
	dloc loc;
} dxlator;

/* The keys of an associative array as D types them. A struct or union key
 * is pushed as integers of its bytes (dsema_key_chunks), each a key of the
 * VM's array. */
typedef struct dvarsig {
	int n;
	dtype k[PVM_MAX_TUPLE];
} dvarsig;

/* The integer keys a struct key of size bytes is pushed as: their sizes
 * (8, then 4, 2, 1 for the rest) into sizes[], at most max; returns how
 * many, or max + 1 when they do not fit. */
int dsema_key_chunks(uint32_t size, uint8_t *sizes, int max);

/* typedef name type */
typedef struct dtypedef {
	const char *name, *tname;
	dtype type;
} dtypedef;

/* ctype.c: the program's type table (dtr_program.types). */
dtype dctype_ptr(dcomp *c, dtype to);
dtype dctype_array(dcomp *c, dtype elem, uint32_t n);
dtype dctype_tag(dcomp *c, int kind, int is_union, const char *tag);
const dmember *dctype_member(dcomp *c, dtype sou, const char *name);
/* Add a member declared with type t at the end of struct or union sou
 * (name "" for an unnamed bit-field); width: a bit-field's width (0 when it
 * is no positive constant), or -1. Checks it as DTrace does. */
void dctype_add_member(dcomp *c, dtype sou, const char *name, const char *tname, dtype t, int64_t width,
		       dloc loc);
void dctype_close(dcomp *c, dtype sou);
/* A member at a known offset (the struct's size is the caller's). */
void dctype_put_member(dcomp *c, dtype sou, const char *name, const char *tname, dtype t, uint32_t off);
/* Is t complete? A struct, union or enum the program only named gets its
 * body from the kernel's BTF if it has one there. */
int dctype_defined(dcomp *c, dtype t);

/* pushdown.c: the part of a predicate the kernel's event filter can test. */
void dpush_predicate(dcomp *c, const dnode *pred, dtr_clause *out);

/* kfetch.c: fbt clauses. args[n]'s type from the function's BTF prototype
 * (0: none); and n, if it reads kernel memory through a probe argument,
 * rewritten into the record field the kernel fills at the probe (1), or 0. */
int dkfetch_argtype(dcomp *c, int n, dtype *t);
int dkfetch_rewrite(dcomp *c, dnode *n);
/* In an fbt clause, following a pointer to a kernel struct that is not such
 * an expression is a compile error that says why. */
void dkfetch_refuse(dcomp *c, dtype sou, dloc loc);

/* btftype.c: kernel types from /sys/kernel/btf/vmlinux, read on first use. */
int dbtf_define(dcomp *c, dtype t);
/* Has BTF been read? A kernel typedef name's type (1), or 0. */
int dbtf_loaded(void);
int dbtf_typedef(dcomp *c, const char *name, dtype *t);
/* Kernel function func's parameter types (at most max) and return type;
 * returns how many parameters it has, or -1 if BTF does not know it. */
int dbtf_func_proto(dcomp *c, const char *func, dtype *args, int max, dtype *ret);
const dtypedef *dctype_typedef(dcomp *c, const char *name);

/* Passes, run in this order by compile.c. */
void dparse_program(dcomp *c);
int dparse_is_type_word(dcomp *c, const char *w);
dtype dparse_type(dcomp *c, dloc loc, char **words, int n);
/* A D expression in text (a translator's member), parsed as if at loc. */
dnode *dparse_expr_string(dcomp *c, const char *text, dloc loc);
void dsema_program(dcomp *c);
/* After sema: a clause storing argN in a variable that a copyin(),
 * copyinstr() or copyinto() reads from wants argN read early (copyvars.c). */
void dcopy_vars(dcomp *c);
/* xlate.c: args[n]->member, curpsinfo->member ... of DTrace's translated
 * structs: rewrite n (N_MEMBER or args[n]) into its untyped D expression.
 * Returns 0 when n is not a translated reference. */
int dxlate_member(dcomp *c, dnode *n);
/* Is N_MEMBER n a member of the probe's record (args->field) or of a
 * translated struct? Those are values, never assigned to. */
int dxlate_is_ref(const dnode *n);
int dxlate_arg(dcomp *c, dnode *n, int idx);
/* Is n, untyped, a translated value as a whole (curpsinfo, xlate <T> (e)):
 * DTrace's dynamic type, which no key may have? */
int dxlate_is_dynamic(const dnode *n);
/* A built-in inline over a translated struct (chip, lgrp, pset) as its
 * expression, typed; 0 if n names none. */
int dxlate_inline(dcomp *c, dnode *n, int create);
/* The program's translators name members of their output struct, once each. */
void dxlate_check(dcomp *c);

/* A constant expression outside a clause (an enumerator's value, a
 * bit-field's width) folded into n as an N_INT: 1, or 0 if it is none. */
int dsema_const_expr(dcomp *c, dnode *n);
/* The usual arithmetic conversions: the type both operands convert to. */
dtype dsema_arith(dtype a, dtype b);
void dgen_program(dcomp *c);
void dprobe_check(dcomp *c);
/* Tell the runtime (dc_input.warm) of the tracepoints the parsed program
 * surely attaches to. */
void dprobe_warm(dcomp *c);
/* provdef.c: a provider definition as parsed (xlated[i]: probe i has a
 * translated prototype). Checks its names, a probe declared twice and a
 * redefinition's interface as DTrace does, then records it on the program
 * (a compatible redefinition adds nothing). */
void dprov_define(dcomp *c, const dtr_provdef *pd, const unsigned char *xlated);

#endif
