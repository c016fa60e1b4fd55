/* Shared by the semantic analysis files: sema.c (expressions, variables,
 * actions) and semamem.c (memory: pointers, arrays, structs). */
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
/* Call cb for every probe the clause being analysed matches. */
struct prov_probe;
void dsema_clause_probes(dcomp *c, void (*cb)(const struct prov_probe *p, void *arg), void *arg);

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
