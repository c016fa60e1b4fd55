/* Kernel memory in fbt clauses. User space cannot read kernel memory, so an
 * expression that follows a kernel pointer from a probe argument
 * (args[1]->name, stringof(args[0]->comm),
 * ((struct file *)arg0)->f_path.dentry->d_name.name) is compiled into a
 * kprobe fetch argument ("+40(+16(%di)):string") that the kernel evaluates
 * when the probe fires; the expression then reads that field of the probe's
 * record (args->fK, probes/fbt.c lays the record out). args[] of fbt probes
 * are typed from the function's prototype in the kernel's BTF. What cannot
 * be pushed down is an error that says why. */
#include <stdio.h>
#include <string.h>

#include "dc/sema.h"
#include "probes/provider.h"

typedef struct kclause {
	const char *func;   /* the one function of the clause's probes, or NULL */
	int n, fbt, ret, entry;
} kclause;

static void clause_probe(const prov_probe *p, void *arg)
{
	kclause *k = arg;

	k->n++;
	if (strcmp(p->prov->name, "fbt"))
		return;
	k->fbt++;
	if (!strcmp(p->name, "return"))
		k->ret++;
	else
		k->entry++;
	if (k->fbt == 1)
		k->func = p->func;
	else if (k->func && strcmp(k->func, p->func))
		k->func = NULL;
}

/* Are all of the clause's probes fbt probes, of one kind (entry or return)? */
static int fbt_clause(dcomp *c, kclause *k)
{
	memset(k, 0, sizeof(*k));
	dsema_clause_probes(c, clause_probe, k);
	return k->n && k->fbt == k->n && (!k->ret || !k->entry);
}

int dkfetch_argtype(dcomp *c, int n, dtype *t)
{
	kclause k;
	dtype args[10], ret;

	if (!fbt_clause(c, &k) || !k.func)
		return 0;
	int na = dbtf_func_proto(c, k.func, args, 10, &ret);
	if (k.ret) {
		/* return probes: arg0 the offset, arg1 the value returned */
		if (n != 1 || na < 0 || ret.kind == DT_VOID)
			return 0;
		*t = ret;
		return 1;
	}
	if (n >= na || args[n].kind == DT_VOID || args[n].kind == DT_STRUCT)
		return 0;
	*t = args[n];
	return 1;
}

/* A kernel value (v), or an object at address value v plus off. */
typedef struct kref {
	char v[384];
	int obj;
	uint32_t off;
	dtype t;
} kref;

static const char *const regs[6] = { "%di", "%si", "%dx", "%cx", "%r8", "%r9" };

static int arg_index(const dnode *n)
{
	if (n->kind == N_INDEX && n->l->kind == N_IDENT && !strcmp(n->l->name, "args") && n->nargs == 1 &&
	    n->args[0]->kind == N_INT)
		return (int)n->args[0]->ival;
	if (n->kind == N_IDENT && !strncmp(n->name, "arg", 3) && n->name[3] >= '0' && n->name[3] <= '9' &&
	    !n->name[4])
		return n->name[3] - '0';
	return -1;
}

/* The register (or $retval) that holds argument i at the probe. */
static int root(dcomp *c, const kclause *k, int i, dloc loc, kref *r)
{
	if (k->ret ? i != 1 : i < 0 || i > 5)
		dc_fail(c, loc, "D_KFETCH", "kernel memory can be read through %s only", k->ret ?
			"args[1] (the value returned) in fbt return probes" : "args[0] to args[5] in fbt probes");
	snprintf(r->v, sizeof(r->v), "%s", k->ret ? "$retval" : regs[i]);
	r->obj = 0;
	r->off = 0;
	return 1;
}

/* As a value: an object of scalar type is read. */
static void value_of(dcomp *c, kref *r, dloc loc)
{
	char v[sizeof(r->v)];

	if (!r->obj)
		return;
	if (!is_scalar(r->t))
		dc_fail(c, loc, "D_KFETCH", "a kernel %s cannot be read as a value: name its members",
			dsema_type_name(c, r->t));
	if ((size_t)snprintf(v, sizeof(v), "+%u(%s)", r->off, r->v) >= sizeof(v))
		dc_fail(c, loc, "D_KFETCH", "kernel memory expression too deep");
	memcpy(r->v, v, sizeof(v));
	r->obj = 0;
}

/* Follow n from an fbt argument. 0: n is not rooted at a typed kernel
 * pointer (it is left to the rest of sema). */
static int chain(dcomp *c, const kclause *k, dnode *n, kref *r)
{
	int i = arg_index(n);

	if (n->kind == N_INDEX && i >= 0) {
		if (!dkfetch_argtype(c, i, &r->t) || !is_ptr(r->t))
			return 0;
		return root(c, k, i, n->loc, r);
	}
	if (n->kind == N_CAST) {
		if (!is_ptr(n->type))
			return 0;
		int j = arg_index(n->l);
		if (j >= 0 && (n->l->kind == N_IDENT || !dkfetch_argtype(c, j, &r->t) || is_int(r->t))) {
			root(c, k, j, n->loc, r);
		} else if (!chain(c, k, n->l, r)) {
			return 0;
		}
		value_of(c, r, n->loc);
		r->t = n->type;
		return 1;
	}
	if (n->kind == N_UNARY && n->op == T_STAR) {
		if (!chain(c, k, n->l, r))
			return 0;
		value_of(c, r, n->loc);
		if (!is_ptr(r->t))
			dc_fail(c, n->loc, "D_DEREF_NONPTR", "cannot dereference non-pointer type");
		r->t = elem_of(c, r->t);
		r->obj = 1;
		r->off = 0;
		return 1;
	}
	if (n->kind != N_MEMBER || !chain(c, k, n->l, r))
		return 0;
	if (n->op == T_ARROW) {
		value_of(c, r, n->loc);
		if (!is_ptr(r->t) || elem_of(c, r->t).kind != DT_STRUCT)
			dc_fail(c, n->loc, "D_OP_SOU", "operator -> cannot be applied to a %s",
				dsema_type_name(c, r->t));
		r->t = elem_of(c, r->t);
		r->obj = 1;
		r->off = 0;
	} else if (!r->obj || r->t.kind != DT_STRUCT) {
		dc_fail(c, n->loc, "D_OP_SOU", "operator . cannot be applied to a %s",
			dsema_type_name(c, r->t));
	}
	if (!dctype_defined(c, r->t))
		dc_fail(c, n->loc, "D_DEREF_NONOBJ", "cannot dereference a pointer to incomplete type %s",
			dsema_type_name(c, r->t));
	const dmember *m = dctype_member(c, r->t, n->name);
	if (!m)
		dc_fail(c, n->loc, "D_MEMBER_NAME", "%s is not a member of %s", n->name,
			dsema_type_name(c, r->t));
	r->off += m->offset;
	r->t = m->type;
	return 1;
}

/* char or unsigned char, arrays and pointers: the kernel's strings */
static int is_chars(dcomp *c, dtype t)
{
	if (t.kind != DT_ARRAY && t.kind != DT_PTR)
		return 0;
	dtype e = elem_of(c, t);
	return e.kind == DT_INT && e.size == 1 && !e.ref;
}

void dkfetch_refuse(dcomp *c, dtype sou, dloc loc)
{
	kclause k;

	if (sou.kind == DT_STRUCT && dctype_defined(c, sou) && c->prog->types.t[sou.ref].kernel &&
	    fbt_clause(c, &k))
		dc_fail(c, loc, "D_KFETCH", "%s is kernel memory, which dtr reads only in an "
			"expression on a probe argument that the kernel evaluates when the probe fires "
			"(args[0]->member, stringof(...)): a pointer kept in a variable cannot be followed",
			dsema_type_name(c, sou));
}

int dkfetch_rewrite(dcomp *c, dnode *n)
{
	kclause k;
	kref r;
	char spec[sizeof(r.v) + 32];
	int str = 0;

	if ((n->kind != N_MEMBER && n->kind != N_STRINGOF && !(n->kind == N_UNARY && n->op == T_STAR)) ||
	    !fbt_clause(c, &k))
		return 0;
	memset(&r, 0, sizeof(r));
	if (!chain(c, &k, n->kind == N_STRINGOF ? n->l : n, &r))
		return 0;
	if (n->kind == N_STRINGOF) {
		if (!is_chars(c, r.t))
			dc_fail(c, n->loc, "D_STRINGOF_TYPE", "stringof( ) of kernel memory needs a char "
				"array or a char pointer, not %s", dsema_type_name(c, r.t));
		str = 1;
	} else if (r.t.kind == DT_ARRAY && is_chars(c, r.t)) {
		str = 1; /* a char array member is a string */
	}
	if (str && r.t.kind == DT_PTR)
		value_of(c, &r, n->loc);
	if (str) {
		snprintf(spec, sizeof(spec), "+%u(%s):string", r.obj ? r.off : 0, r.v);
	} else {
		value_of(c, &r, n->loc);
		/* the value read last: its register or memory, at its size */
		snprintf(spec, sizeof(spec), "%s:%c%d", r.v, is_int(r.t) && r.t.sign ? 's' : 'u',
			 8 * (int)dtype_sizeof(&c->prog->types, r.t));
	}
	int idx = prov_fetch_add(k.ret ? 1 : 0, spec);
	if (idx < 0)
		dc_fail(c, n->loc, "D_NOMEM", "out of memory");
	dtype t = r.t;
	dnode *args = dnode_new(c, N_IDENT, n->loc);
	args->name = "args";
	memset(&n->type, 0, sizeof(n->type));
	n->kind = N_MEMBER;
	n->op = T_ARROW;
	n->l = args;
	n->name = darena_alloc(c->arena, 16);
	snprintf(n->name, 16, "f%d", idx);
	dsema_node(c, n);
	if (!str && (is_ptr(t) || (is_int(t) && t.ref)))
		n->type = t; /* a pointer, an enum: as the kernel declares it */
	return 1;
}
