/* Semantic analysis of memory: pointers, arrays, structs and unions. An
 * object in memory is an N_DEREF node, its address (l) and type; reading
 * one is a checked load. Arrays decay to pointers (char arrays to strings)
 * where a value is needed. Struct and array variables live in the VM's
 * global or clause-local memory, or (self->) in a thread's dynamic
 * variable. */
#include <string.h>

#include "dc/ast.h"
#include "dc/sema.h"

static dnode *int_node(dcomp *c, dloc loc, int64_t v)
{
	dnode *k = dnode_new(c, N_INT, loc);
	k->ival = v;
	k->type = DTYPE_INT(8, 1);
	return k;
}

/* base op idx * size, typed as an address */
static dnode *scaled(dcomp *c, dnode *base, int op, dnode *idx, uint32_t size)
{
	dnode *m = idx, *s;

	if (size != 1) {
		m = dnode_new(c, N_BINARY, idx->loc);
		m->op = T_STAR;
		m->l = idx;
		m->r = int_node(c, idx->loc, size);
		m->type = DTYPE_INT(8, 1);
		dsema_fold(m);
	}
	s = dnode_new(c, N_BINARY, base->loc);
	s->op = op;
	s->l = base;
	s->r = m;
	s->type = DTYPE_INT(8, 0);
	dsema_fold(s);
	return s;
}

void dmem_deref(dcomp *c, dnode *n, dnode *addr, dtype t)
{
	dloc loc = n->loc;

	if (t.kind == DT_VOID)
		dc_fail(c, loc, "D_DEREF_VOID", "cannot dereference a pointer to void");
	if (t.kind == DT_STRUCT && !dctype_defined(c, t))
		dc_fail(c, loc, "D_DEREF_NONOBJ", "cannot dereference a pointer to incomplete type %s",
			dsema_type_name(c, t));
	memset(n, 0, sizeof(*n));
	n->kind = N_DEREF;
	n->loc = loc;
	n->l = addr;
	n->type = t;
}

/* n (an address) becomes a value of type t */
void dmem_retype(dnode *n, dnode *from, dtype t)
{
	dloc loc = n->loc;

	*n = *from;
	n->loc = loc;
	n->type = t;
}

/* An array used as a value: a char array is read as a string (to_string),
 * any other array is the address of its first element. */
void dmem_decay(dcomp *c, dnode *n, int to_string)
{
	if (n->kind != N_DEREF || n->type.kind != DT_ARRAY)
		return;
	const dctype *a = &c->prog->types.t[n->type.ref];
	if (to_string && is_char(a->elem)) {
		n->ival = a->count;
		n->type = DTYPE_STR;
		return;
	}
	dmem_retype(n, n->l, dctype_ptr(c, a->elem));
}

/* A pointer or address n used as a string: the string at that address (a
 * checked read; 0 faults when it runs). */
void dmem_str_at(dcomp *c, dnode *n)
{
	dnode *a = dnode_new(c, N_INT, n->loc);

	*a = *n;
	dmem_deref(c, n, a, DTYPE_STR);
}

/* String n used as a pointer of type t (char * or void *): the address of
 * a copy of it in the clause's alloca() memory. */
void dmem_ptr_of_str(dcomp *c, dnode *n, dtype t)
{
	dnode *s = dnode_new(c, N_INT, n->loc);

	*s = *n;
	memset(n, 0, sizeof(*n));
	n->kind = N_CALL;
	n->loc = s->loc;
	n->name = "_strptr";
	n->args = darena_alloc(c->arena, sizeof(*n->args));
	n->args[0] = s;
	n->nargs = 1;
	n->ref = PVM_SUBR_STRPTR;
	n->refkind = REF_SUBR;
	n->type = t;
}

/* Can n be passed where a subroutine takes a char *: a string, a char or
 * void pointer, or the constant 0 (NULL)? */
int dmem_str_arg(dcomp *c, const dnode *n)
{
	if (is_str(n->type))
		return 1;
	if (is_ptr(n->type))
		return is_char(elem_of(c, n->type)) || elem_of(c, n->type).kind == DT_VOID;
	return n->kind == N_INT && n->ival == 0 && is_int(n->type);
}

/* The struct or array variable name of kind N_IDENT (global) or N_THIS. */
int dmem_object(dcomp *c, const char *name, int kind)
{
	for (int i = 0; i < c->nmglobals; i++)
		if (c->mglobals[i]->kind == kind && !strcmp(c->mglobals[i]->name, name))
			return i;
	return -1;
}

/* Place struct or array variable d in global or clause-local memory, or
 * make thread-local d a variable whose value is that many bytes. */
void dmem_place(dcomp *c, dnode *d)
{
	dtr_program *p = c->prog;
	uint32_t *used = d->kind == N_THIS ? &p->vm.lmemsize : &p->vm.gmemsize;

	/* (a kernel struct's size is known once BTF has defined it) */
	if (d->type.kind == DT_STRUCT && !dctype_defined(c, d->type))
		dc_fail(c, d->loc, "D_DECL_INCOMPLETE", "variable %s has incomplete type %s", d->name,
			dsema_type_name(c, d->type));
	uint32_t al = dtype_alignof(&p->types, d->type), size = dtype_sizeof(&p->types, d->type);
	if (d->kind == N_SELF) {
		d->ival = dsema_add_var(c, d->name, PVM_THREAD, d->type, NULL, 0);
		p->vm.vars[d->ival].size = size;
		return;
	}
	d->ival = (*used + al - 1) / al * al;
	if (d->ival + size > (1u << 20))
		dc_fail(c, d->loc, "D_DECL_SIZE", "%s variables take more than 1 MiB",
			d->kind == N_THIS ? "clause-local" : "global");
	*used = (uint32_t)d->ival + size;
}

/* this->name or self->name of struct or array type, as an object in
 * clause-local memory or the thread's dynamic variable */
int dmem_dynobj(dcomp *c, dnode *n)
{
	int mo = dmem_object(c, n->name, n->kind);

	if (mo < 0)
		return 0;
	dnode *a = dnode_new(c, N_GADDR, n->loc);
	a->ival = c->mglobals[mo]->ival;
	a->op = n->kind;
	a->type = DTYPE_INT(8, 0);
	dmem_deref(c, n, a, c->mglobals[mo]->type);
	return 1;
}

/* Does x[i] index memory (a pointer or array) rather than an associative array? */
int dmem_is_index(dcomp *c, const dnode *n)
{
	const dnode *l = n->l;
	int v;

	switch (l->kind) {
	case N_IDENT:
		if (!strcmp(l->name, "args"))
			return 0;
		if (dmem_object(c, l->name, N_IDENT) >= 0)
			return 1;
		v = dsema_find_var(c, l->name, PVM_GLOBAL);
		if (v < 0) /* a string built-in (execname[0]) is indexed as a string */
			for (int b = 0; b < PVM_NBUILTINS; b++)
				if (!strcmp(pvm_builtins[b].name, l->name))
					return pvm_builtins[b].type == PT_STR;
		return v >= 0 && c->prog->vm.vars[v].scope == PVM_GLOBAL &&
		       (is_ptr(c->vartypes[v]) || is_str(c->vartypes[v]));
	case N_SELF: case N_THIS:
		if (dmem_object(c, l->name, l->kind) >= 0)
			return 1;
		v = dsema_find_var(c, l->name, l->kind == N_SELF ? PVM_THREAD : PVM_CLAUSE);
		return v >= 0 && (is_ptr(c->vartypes[v]) || is_str(c->vartypes[v]));
	default:
		return 1;
	}
}

/* Is n an object in memory that can be assigned (before typing)? */
int dmem_is_lvalue(dcomp *c, const dnode *n)
{
	switch (n->kind) {
	case N_MEMBER: /* not args->field, nor a translated struct's */
		return !dxlate_is_ref(n);
	case N_UNARY: return n->op == T_STAR;
	case N_INDEX: return dmem_is_index(c, n);
	case N_IDENT: return dmem_object(c, n->name, N_IDENT) >= 0;
	case N_THIS: case N_SELF: return dmem_object(c, n->name, n->kind) >= 0;
	default: return 0;
	}
}

/* Can a value of type b be stored where a pointer of type a goes? Any
 * pointer converts to and from void *; integers (NULL) to any pointer. */
int dmem_ptr_compatible(dcomp *c, dtype a, dtype b)
{
	if (!is_ptr(a) || !is_ptr(b))
		return 1;
	dtype ea = elem_of(c, a), eb = elem_of(c, b);
	return ea.kind == DT_VOID || eb.kind == DT_VOID || (dtype_same(ea, eb) && ea.ref == eb.ref);
}

void dmem_index(dcomp *c, dnode *n)
{
	dnode *l = n->l, *i;

	dsema_node(c, l);
	if (is_str(l->type)) {
		/* s[i] of a string: its char i */
		if (n->nargs != 1)
			dc_fail(c, n->loc, "D_ARR_BADREF", "[ ] of a string takes one index");
		dsema_types(c, n->args[0]);
		if (!is_int(n->args[0]->type))
			dc_fail(c, n->args[0]->loc, "D_OP_INT", "[ ] index must be of integral type");
		n->kind = N_BINARY;
		n->op = T_LBRACK;
		n->r = n->args[0];
		n->nargs = 0;
		n->type = DTYPE_INT(1, 1);
		return;
	}
	dtype arr_type = l->type;
	const dctype *arr = l->kind == N_DEREF && l->type.kind == DT_ARRAY ? &c->prog->types.t[l->type.ref] : NULL;
	dmem_decay(c, l, 0);
	if (!is_ptr(l->type))
		dc_fail(c, n->loc, "D_DEREF_NONPTR", "cannot dereference non-pointer type");
	if (n->nargs != 1)
		dc_fail(c, n->loc, "D_ARR_BADREF", "[ ] of a pointer takes one index");
	i = n->args[0];
	dsema_types(c, i);
	if (!is_int(i->type))
		dc_fail(c, i->loc, "D_OP_INT", "[ ] index must be of integral type");
	dtype t = elem_of(c, l->type);
	uint32_t sz = dtype_sizeof(&c->prog->types, t);
	if (arr && i->kind == N_INT && (i->ival < 0 || (uint64_t)i->ival >= arr->count))
		dc_fail(c, i->loc, "D_ARR_BOUNDS", "index %lld is out of range for %s", (long long)i->ival,
			dsema_type_name(c, arr_type));
	dmem_deref(c, n, scaled(c, l, T_PLUS, i, sz ? sz : 1), t);
}

/* l->name and l.name of a struct or union */
void dmem_member(dcomp *c, dnode *n)
{
	dnode *addr;
	dtype sou;

	dsema_node(c, n->l);
	if (n->op == T_ARROW) {
		dmem_decay(c, n->l, 0);
		if (!is_ptr(n->l->type))
			dc_fail(c, n->loc, "D_OP_PTR", "operator -> must be applied to a pointer");
		if (elem_of(c, n->l->type).kind != DT_STRUCT)
			dc_fail(c, n->loc, "D_OP_SOU", "operator -> cannot be applied to a %s: "
				"it needs a pointer to a struct or union", dsema_type_name(c, n->l->type));
		addr = n->l;
		sou = elem_of(c, n->l->type);
	} else {
		if (n->l->kind != N_DEREF || n->l->type.kind != DT_STRUCT)
			dc_fail(c, n->loc, "D_OP_SOU", "operator . cannot be applied to a %s: "
				"it needs a struct or union", dsema_type_name(c, n->l->type));
		addr = n->l->l;
		sou = n->l->type;
	}
	if (n->op == T_ARROW)
		dkfetch_refuse(c, sou, n->loc);
	if (!dctype_defined(c, sou))
		dc_fail(c, n->loc, "D_OP_INCOMPLETE", "operator %s cannot be applied to a forward "
			"declaration: no %s definition is available", dtok_names[n->op],
			dsema_type_name(c, sou));
	const dmember *m = dctype_member(c, sou, n->name);
	if (!m)
		dc_fail(c, n->loc, "D_TYPE_MEMBER", "%s is not a member of %s", n->name, dsema_type_name(c, sou));
	uint32_t arrowoff = n->op == T_ARROW ? m->offset : n->l->arrowoff ? n->l->arrowoff + m->offset : 0;
	dmem_deref(c, n, m->offset ? scaled(c, addr, T_PLUS, int_node(c, n->loc, m->offset), 1) : addr,
		   m->type);
	n->arrowoff = arrowoff;
	n->bits = m->bits;
	n->bitoff = m->bitoff;
}

/* ptr + int, int + ptr, ptr - int scale by the pointed-to size; ptr - ptr
 * counts elements. Returns 0 when neither operand is a pointer. */
int dmem_ptr_arith(dcomp *c, dnode *n)
{
	dtype a = n->l->type, b = n->r->type;

	if (!is_ptr(a) && !is_ptr(b))
		return 0;
	if (n->op != T_PLUS && n->op != T_MINUS)
		dc_fail(c, n->loc, "D_OP_ARITH", "operator %s cannot be applied to a pointer", dtok_names[n->op]);
	dtype pt = is_ptr(a) ? a : b;
	uint32_t sz = dtype_sizeof(&c->prog->types, elem_of(c, pt));
	if (elem_of(c, pt).kind == DT_VOID) /* DTrace has no void * arithmetic */
		dc_fail(c, n->loc, "D_OP_INCOMPAT", "operands have incompatible types: \"%s\" %s \"%s\"",
			dsema_type_name(c, a), dtok_names[n->op], dsema_type_name(c, b));
	if (!sz)
		sz = 1;
	if (is_ptr(a) && is_ptr(b)) {
		if (n->op != T_MINUS || !dtype_same(elem_of(c, a), elem_of(c, b)))
			dc_fail(c, n->loc, "D_OP_INCOMPAT", "operator %s cannot be applied to %s and %s",
				dtok_names[n->op], dsema_type_name(c, a), dsema_type_name(c, b));
		dnode *d = dnode_new(c, N_BINARY, n->loc);
		*d = *n;
		d->type = DTYPE_INT(8, 1);
		n->op = T_SLASH;
		n->l = d;
		n->r = int_node(c, n->loc, sz);
		n->type = DTYPE_INT(8, 1);
		return 1;
	}
	if (!is_int(is_ptr(a) ? b : a) || (n->op == T_MINUS && !is_ptr(a)))
		dc_fail(c, n->loc, "D_OP_INCOMPAT", "operator %s cannot be applied to %s and %s",
			dtok_names[n->op], dsema_type_name(c, a), dsema_type_name(c, b));
	dmem_retype(n, scaled(c, is_ptr(a) ? n->l : n->r, n->op, is_ptr(a) ? n->r : n->l, sz), pt);
	return 1;
}

void dmem_store_to(dnode *n)
{
	if (n->kind != N_DEREF)
		return;
	for (dnode *a = n->l; a; a = a->kind == N_BINARY || a->kind == N_CAST ? a->l : NULL)
		if (a->kind == N_GADDR && a->op == N_INDEX)
			a->refkind = 1;
}

/* x = e where x is in memory: a scalar store, or a struct copy */
void dmem_assignment(dcomp *c, dnode *n)
{
	dnode *l = n->l, *r = n->r;

	dsema_node(c, l);
	dmem_store_to(l);
	if (l->kind != N_DEREF)
		dc_fail(c, l->loc, "D_OP_LVAL", "operator %s requires modifiable lvalue as an operand",
			dtok_names[n->op]);
	if (l->type.kind == DT_STRUCT || l->type.kind == DT_ARRAY) {
		if (n->op != T_ASSIGN || r->kind != N_DEREF || !dtype_same(l->type, r->type))
			dc_fail(c, n->loc, "D_OP_INCOMPAT", "operands have incompatible types: \"%s\" %s \"%s\"",
				dsema_type_name(c, l->type), dtok_names[n->op], dsema_type_name(c, r->type));
	} else if (is_str(l->type) && is_str(r->type) && n->op == T_ASSIGN) {
		/* *p = s of a string *: the string's bytes, strsize of them and a NUL */
		n->ival = (int64_t)dsema_strsize(c) + 1;
	} else if (!is_scalar(l->type) || !is_scalar(r->type) || (n->op != T_ASSIGN && !is_int(l->type)) ||
		   !dmem_ptr_compatible(c, l->type, r->type)) {
		dc_fail(c, n->loc, "D_OP_INCOMPAT", "operands have incompatible types: \"%s\" %s \"%s\"",
			dsema_type_name(c, l->type), dtok_names[n->op], dsema_type_name(c, r->type));
	}
	n->type = l->type;
}

