/* Shared by the semantic analysis files: sema.c (expressions, variables,
 * subroutines), actions.c (actions and aggregations) and semamem.c
 * (memory: pointers, arrays, structs). */
#ifndef DC_SEMA_H
#define DC_SEMA_H

#include "dc/ast.h"

static inline int is_int(dtype t) { return t.kind == DT_INT; }
static inline int is_str(dtype t) { return t.kind == DT_STRING; }
static inline int is_ptr(dtype t) { return t.kind == DT_PTR; }
/* integers and pointers: what conditions, casts and comparisons take */
static inline int is_scalar(dtype t) { return t.kind == DT_INT || t.kind == DT_PTR; }
static inline int is_float(dtype t) { return t.kind == DT_FLOAT; }
static inline int is_char(dtype t) { return t.kind == DT_INT && t.size == 1 && t.sign && !t.ref; }
/* what a pointer points to, an array holds */
static inline dtype elem_of(dcomp *c, dtype t) { return c->prog->types.t[t.ref].elem; }

/* sema.c */
const char *dsema_type_name(dcomp *c, dtype t);   /* in the compilation's arena */
int dsema_find_var(dcomp *c, const char *name, int scope);
int dsema_add_var(dcomp *c, const char *name, int scope, dtype t, dnode **keys, int nkeys);
void dsema_node(dcomp *c, dnode *n);  /* type n; an array stays an array */
void dsema_types(dcomp *c, dnode *n); /* type n as a value: arrays decay */
void dsema_fold(dnode *n);
uint32_t dsema_strsize(dcomp *c);     /* D's strsize, #pragma included */
const char *dsema_node_type_name(dcomp *c, const dnode *n); /* @a's is "aggregation" */
uint8_t dsema_key_vtype(dtype t); /* a tuple key's VM type: PT_STR, PT_STACK or PT_INT */
int dsema_pragma_set(dcomp *c, const char *name); /* set by a #pragma D option? */
/* A call taking one integer argument, checked with DTrace's messages;
 * proto names the argument's type in them. */
void dsema_one_int_arg(dcomp *c, dnode *n, const char *proto);
int dsema_is_stackfn(const char *name);  /* stack(), ustack(), sym() ... */
int dsema_known_subr(const char *name);  /* a subroutine (no action, no aggregating function)? */
int dsema_kernel_destructive(const char *name); /* a destructive kernel-only action (chill)? */
/* Call cb for every probe the clause being analysed matches. */
struct prov_probe;
void dsema_clause_probes(dcomp *c, void (*cb)(const struct prov_probe *p, void *arg), void *arg);

/* actions.c: the actions, one table {name, arity, flags, kind, checker}.
 * flags say what an action is to the clause's rules. */
enum {
	DACT_DATA = 1,         /* records data: DTrace's data-recording actions */
	DACT_SPEC = 2,         /* speculate(), commit(), discard() */
	DACT_NOREC = 4,        /* no record of its own: no probe line for it (commit, discard) */
	DACT_EXIT = 8,         /* exit(): may not follow speculate() */
	DACT_DESTRUCTIVE = 16, /* needs -w (checked after the arguments); not after speculate() */
};
typedef struct dact_info {
	const char *name;
	int8_t minargs, maxargs; /* DTrace's prototype; maxargs -1: any number */
	uint8_t flags;           /* DACT_* */
	int kind;                /* the DA_* it records; -1: none of its own */
	const char *aggtag;      /* aggregation actions: the tag when argument #1 is no aggregation */
	void (*check)(dcomp *c, dnode *n, const struct dact_info *a);
} dact_info;

const dact_info *dact_find(const char *name); /* NULL: no action */
/* Is n a call of an action (a statement with no value, void in an
 * expression), the kernel's destructive ones included? */
int dact_is_call(const dnode *n);
int dact_is_funcval(const dnode *n); /* an action or aggregating function typed as a value? */
/* An action or an aggregating function inside an expression: checked like
 * a call against its prototype, then void. 0 when n is neither. */
int dact_func_value(dcomp *c, dnode *n);
/* One statement of a clause; *records set when it records data. */
void dact_statement(dcomp *c, dnode *n, int *records);
void dact_spec_rules(dcomp *c, const dclause *cl); /* DTrace's rules for speculations */

/* consts.c: an integer inline of DTrace's D libraries (EPERM, SIGKILL,
 * DTRACEFLT_*, ARPHRD_*): 1 and *value, or 0. */
int dsema_const(const char *name, int *value);

/* semamem.c */
void dmem_deref(dcomp *c, dnode *n, dnode *addr, dtype t); /* n := the object of type t at addr */
void dmem_retype(dnode *n, dnode *from, dtype t);          /* n := from, typed t */
void dmem_decay(dcomp *c, dnode *n, int to_string);
void dmem_str_at(dcomp *c, dnode *n);      /* n := the string at address n */
int dmem_str_arg(dcomp *c, const dnode *n); /* n goes where a char * argument does */
void dmem_ptr_of_str(dcomp *c, dnode *n, dtype t); /* string n := a t pointing at a copy */
int dmem_object(dcomp *c, const char *name, int kind);     /* struct/array variable, or -1 */
void dmem_place(dcomp *c, dnode *d);
int dmem_dynobj(dcomp *c, dnode *n); /* this->s or self->s of struct or array type */
int dmem_is_index(dcomp *c, const dnode *n);
int dmem_is_lvalue(dcomp *c, const dnode *n);
int dmem_ptr_compatible(dcomp *c, dtype a, dtype b);
void dmem_index(dcomp *c, dnode *n);
void dmem_member(dcomp *c, dnode *n);
int dmem_ptr_arith(dcomp *c, dnode *n);
void dmem_assignment(dcomp *c, dnode *n);
/* n (an lvalue) is stored to: an array's struct element it is in is made
 * when missing (MKAA) rather than read as zeroes (LDAA). */
void dmem_store_to(dnode *n);

#endif
