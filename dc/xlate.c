/* DTrace's translated structs: args[n] of the proc, sched and io probes
 * (psinfo_t, lwpsinfo_t, bufinfo_t, devinfo_t, fileinfo_t, cpuinfo_t),
 * the curpsinfo, curlwpsinfo and curcpu variables (and sched.d's chip,
 * lgrp and pset over curcpu), fds[], and the program's own translators
 * used with xlate <type> (expr). A translator gives each member as D
 * text over the probe's record (args->field) and built-ins; a reference
 * is rewritten into that expression and typed where it stands. Members
 * Linux cannot fill are absent, and naming one is an error that lists the
 * ones there are. */
#include <stdio.h>
#include <string.h>

#include "dc/ast.h"
#include "dc/sema.h"
#include "probes/provider.h"

/* cpu_pset: Linux has no processor sets; Oracle's DTrace gives 0 */
static const prov_xmember curcpu_m[] = {
	{ "cpu_id", "cpu" }, { "cpu_chip", "(int)_cputopo(cpu, 0)" }, { "cpu_lgrp", "(int)_cputopo(cpu, 1)" },
	{ "cpu_pset", "(int)0" }, { NULL, NULL },
};

static const prov_xlate curcpu_x = { .type = "cpuinfo_t *", .members = curcpu_m };

static const struct {
	const char *var;
	const prov_xlate *x;
} builtin_xlates[] = {
	{ "curpsinfo", &prov_xl_curpsinfo },
	{ "curlwpsinfo", &prov_xl_curlwpsinfo },
	{ "curcpu", &curcpu_x },
};

/* sched.d's inlines over curcpu */
static const struct {
	const char *var, *expr;
} builtin_inlines[] = {
	{ "chip", "curcpu->cpu_chip" }, { "lgrp", "curcpu->cpu_lgrp" }, { "pset", "curcpu->cpu_pset" },
};

int dxlate_inline(dcomp *c, dnode *n, int create)
{
	for (size_t i = 0; i < sizeof(builtin_inlines) / sizeof(builtin_inlines[0]); i++)
		if (!strcmp(n->name, builtin_inlines[i].var)) {
			if (create)
				dc_fail(c, n->loc, "D_OP_WRITE", "inline %s may not be assigned", n->name);
			dloc loc = n->loc;
			*n = *dparse_expr_string(c, builtin_inlines[i].expr, loc);
			dsema_types(c, n);
			return 1;
		}
	return 0;
}

int dxlate_is_dynamic(const dnode *n)
{
	if (n->kind == N_XLATE)
		return 1;
	for (size_t i = 0; n->kind == N_IDENT && i < sizeof(builtin_xlates) / sizeof(builtin_xlates[0]); i++)
		if (!strcmp(n->name, builtin_xlates[i].var))
			return 1;
	return 0;
}

/* fds[fd]: the firing process's descriptor fd as a fileinfo_t; __fd
 * stands for the index */
static const prov_xmember fds_m[] = {
	{ "fi_pathname", "_fdpath(__fd)" }, { "fi_name", "basename(_fdpath(__fd))" },
	{ "fi_dirname", "dirname(_fdpath(__fd))" }, { "fi_fs", "_fdfs(__fd)" },
	{ "fi_mount", "_fdmount(__fd)" },
	{ "fi_offset", "_fdinfo(__fd, 0)" }, { "fi_oflags", "(int)_fdinfo(__fd, 1)" }, { NULL, NULL },
};
static const prov_xlate fds_x = { .type = "fileinfo_t", .members = fds_m };

typedef struct xq {
	int n, found, missing, differ;
	const prov_xlate *x;
	const prov_probe *first_missing;
} xq;

static void xlate_probe(const prov_probe *p, void *arg)
{
	xq *q = arg;
	const prov_xlate *x = prov_xlate_of(p->id, q->n);

	if (!x) {
		if (!q->missing++)
			q->first_missing = p;
		return;
	}
	if (q->found++ && x != q->x)
		q->differ = 1;
	q->x = x;
}

/* args[n]'s translator for every probe of the clause, NULL when none of
 * them translates it. */
static const prov_xlate *args_xlate(dcomp *c, dloc loc, int n)
{
	xq q = { .n = n };

	dsema_clause_probes(c, xlate_probe, &q);
	if (!q.found)
		return NULL;
	if (q.missing)
		dc_fail(c, loc, "D_XLATE_NONE", "args[%d] is a %s in some probes of this clause but not in "
			"%s:%s:%s:%s", n, q.x->type, q.first_missing->provname, q.first_missing->mod,
			q.first_missing->func, q.first_missing->name);
	if (q.differ)
		dc_fail(c, loc, "D_XLATE_NONE", "args[%d] is translated differently by the probes of "
			"this clause", n);
	return q.x;
}

/* Put idx where the translator's text says __fd. */
static void bind_index(dnode *e, dnode *idx)
{
	if (!e)
		return;
	if (e->kind == N_IDENT && !strcmp(e->name, "__fd")) {
		*e = *idx;
		return;
	}
	bind_index(e->l, idx);
	bind_index(e->r, idx);
	bind_index(e->x, idx);
	for (int i = 0; i < e->nargs; i++)
		bind_index(e->args[i], idx);
}

static void rewrite(dcomp *c, dnode *n, const char *text, dnode *idx)
{
	dnode *e = dparse_expr_string(c, text, n->loc);

	if (idx)
		bind_index(e, idx);
	*n = *e;
}

static int member(dcomp *c, dnode *n, const char *what, const prov_xlate *x, dnode *idx)
{
	char have[256] = "";

	if (!x->members)
		dc_fail(c, n->loc, "D_OP_SOU", "operator -> cannot be applied to %s, a %s", what, x->type);
	for (const prov_xmember *m = x->members; m->name; m++)
		if (!strcmp(m->name, n->name)) {
			rewrite(c, n, m->expr, idx);
			return 1;
		}
	for (const prov_xmember *m = x->members; m->name; m++) {
		size_t l = strlen(have);
		snprintf(have + l, sizeof(have) - l, "%s%s", l ? ", " : "", m->name);
	}
	dc_fail(c, n->loc, "D_XLATE_NOCONV", "%s%s%s is not available on Linux (%s has %s)", what,
		idx ? "." : "->", n->name, x->type, have);
}

/* Put a fresh copy of arg wherever the translator's text names param. */
static void bind_param(dcomp *c, dnode *e, const char *param, const dnode *arg)
{
	if (!e)
		return;
	if (e->kind == N_IDENT && !strcmp(e->name, param)) {
		dloc loc = e->loc;
		*e = *dnode_copy(c, arg);
		e->loc = loc;
		return;
	}
	bind_param(c, e->l, param, arg);
	bind_param(c, e->r, param, arg);
	bind_param(c, e->x, param, arg);
	for (int i = 0; i < e->nargs; i++)
		bind_param(c, e->args[i], param, arg);
}

/* Does a translator taking in accept a value of type t? */
static int accepts(dcomp *c, dtype in, dtype t)
{
	if (in.kind == DT_PTR && t.kind == DT_PTR)
		return dtype_same(c->prog->types.t[in.ref].elem, c->prog->types.t[t.ref].elem) &&
		       c->prog->types.t[in.ref].elem.ref == c->prog->types.t[t.ref].elem.ref;
	if (in.kind == DT_INT && (t.kind == DT_INT || t.kind == DT_PTR))
		return 1;
	return dtype_same(in, t) && in.ref == t.ref;
}

/* xlate <T> (e).m and xlate <T *> (e)->m: the member's expression of the
 * translator to T from e's type, with e in place of its parameter. */
static int user_member(dcomp *c, dnode *n)
{
	dnode *x = n->l;
	int ptr = x->type.kind == DT_PTR;
	dtype out = ptr ? c->prog->types.t[x->type.ref].elem : x->type;
	char tn[256], an[256];

	if (out.kind != DT_STRUCT)
		dc_fail(c, x->loc, "D_XLATE_TYPE", "xlate( ) can only translate to a struct, a union or "
			"a pointer to one");
	dnode *arg = dnode_copy(c, x->l);
	dsema_types(c, arg);
	const dxlator *xl = NULL;
	for (int i = 0; i < c->nxlators && !xl; i++)
		if (c->xlators[i].out.ref == out.ref && accepts(c, c->xlators[i].in, arg->type))
			xl = &c->xlators[i];
	dtype_name(&c->prog->types, out, tn, sizeof(tn));
	dtype_name(&c->prog->types, arg->type, an, sizeof(an));
	if (!xl)
		dc_fail(c, x->loc, "D_XLATE_NONE", "translator does not exist: %s to %s", an, tn);
	if ((n->op == T_ARROW) != ptr)
		dc_fail(c, n->loc, "D_OP_SOU", "operator %s cannot be applied to xlate <%s>: use %s",
			dtok_names[n->op], ptr ? "pointer" : "struct", ptr ? "->" : ".");
	const dmember *dm = dctype_member(c, out, n->name);
	if (!dm)
		dc_fail(c, n->loc, "D_MEMBER_NAME", "%s is not a member of %s", n->name, tn);
	for (int i = 0; i < xl->nmembers; i++) {
		if (strcmp(xl->members[i]->l->name, n->name))
			continue;
		dnode *e = dnode_copy(c, xl->members[i]->r);
		bind_param(c, e, xl->param, x->l);
		if (dm->type.kind == DT_INT || dm->type.kind == DT_PTR) {
			/* converted to the member's type, as an assignment would */
			dnode *cast = dnode_new(c, N_CAST, n->loc);
			cast->type = dm->type;
			cast->l = e;
			e = cast;
		}
		dloc loc = n->loc;
		*n = *e;
		n->loc = loc;
		return 1;
	}
	dc_fail(c, n->loc, "D_XLATE_MEMB", "translator from %s to %s does not define member %s", an, tn,
		n->name);
}

static int is_ident(const dnode *n, const char *name)
{
	return n->kind == N_IDENT && !strcmp(n->name, name);
}

int dxlate_is_ref(const dnode *n)
{
	const dnode *l = n->l;

	if (l->kind == N_XLATE || (n->op == T_DOT && l->kind == N_INDEX && is_ident(l->l, "fds")))
		return 1;
	if (n->op != T_ARROW)
		return 0;
	if (is_ident(l, "args") || (l->kind == N_INDEX && is_ident(l->l, "args")))
		return 1;
	for (size_t i = 0; i < sizeof(builtin_xlates) / sizeof(builtin_xlates[0]); i++)
		if (is_ident(l, builtin_xlates[i].var))
			return 1;
	return 0;
}

/* The translator of l->member when l is a translated struct pointer
 * (curpsinfo, args[N]), with its name for messages in what; NULL if none. */
static const prov_xlate *arrow_xlate(dcomp *c, const dnode *l, dloc loc, char *what, size_t wl)
{
	if (l->kind == N_IDENT) {
		for (size_t i = 0; i < sizeof(builtin_xlates) / sizeof(builtin_xlates[0]); i++)
			if (!strcmp(l->name, builtin_xlates[i].var)) {
				snprintf(what, wl, "%s", l->name);
				return builtin_xlates[i].x;
			}
		return NULL;
	}
	if (l->kind != N_INDEX || l->l->kind != N_IDENT || strcmp(l->l->name, "args") || l->nargs != 1 ||
	    l->args[0]->kind != N_INT || l->args[0]->ival < 0 || l->args[0]->ival > 9)
		return NULL;
	int idx = (int)l->args[0]->ival;
	const prov_xlate *x = args_xlate(c, loc, idx);
	snprintf(what, wl, "args[%d]", idx);
	return x;
}

/* p->s.m of a struct member s of a translated struct (pr_start.tv_sec):
 * the translator gives it as the member "s.m". */
static int inner_member(dcomp *c, dnode *n)
{
	dnode *l = n->l;
	char what[32], name[128];

	if (l->kind != N_MEMBER || l->op != T_ARROW)
		return 0;
	const prov_xlate *x = arrow_xlate(c, l->l, l->loc, what, sizeof(what));
	if (!x || !x->members)
		return 0;
	snprintf(name, sizeof(name), "%s.%s", l->name, n->name);
	for (const prov_xmember *m = x->members; m->name; m++)
		if (!strcmp(m->name, name)) {
			rewrite(c, n, m->expr, NULL);
			return 1;
		}
	return 0;
}

int dxlate_member(dcomp *c, dnode *n)
{
	dnode *l = n->l;
	char what[32];

	if (l->kind == N_XLATE)
		return user_member(c, n);
	if (n->op == T_DOT && l->kind == N_INDEX && l->l->kind == N_IDENT && !strcmp(l->l->name, "fds")) {
		if (l->nargs != 1)
			dc_fail(c, n->loc, "D_ARR_BADREF", "fds[ ] takes one file descriptor");
		return member(c, n, "fds[ ]", &fds_x, l->args[0]);
	}
	if (n->op == T_DOT)
		return inner_member(c, n);
	const prov_xlate *x = arrow_xlate(c, l, n->loc, what, sizeof(what));
	return x ? member(c, n, what, x, NULL) : 0;
}

int dxlate_arg(dcomp *c, dnode *n, int idx)
{
	const prov_xlate *x = args_xlate(c, n->loc, idx);

	if (x && x->absent)
		dc_fail(c, n->loc, "D_XLATE_NONE", "args[%d] (%s) is not available on Linux: %s", idx, x->type,
			x->absent);
	if (!x || !x->expr)
		return 0;
	rewrite(c, n, x->expr, NULL);
	return 1;
}

/* Do two translator declarations take the same type to the same type? */
static int same_xlator(const dxlator *a, const dxlator *b)
{
	return dtype_same(a->in, b->in) && a->in.ref == b->in.ref && dtype_same(a->out, b->out) &&
	       a->out.ref == b->out.ref;
}

/* A translator's member definition, typed as DTrace types it where the
 * translator is declared: the parameter a value of the input type (when
 * that is a pointer or an integer), the result assignable to the member. */
static void member_check(dcomp *c, const dxlator *x, const dnode *a, const dmember *dm)
{
	if ((x->in.kind != DT_PTR && x->in.kind != DT_INT) || dm->type.kind == DT_ARRAY)
		return; /* a char array member takes a string: not checked here */
	dnode *arg = dnode_new(c, N_CAST, a->loc), *e = dnode_copy(c, a->r);
	arg->type = x->in;
	arg->l = dnode_new(c, N_INT, a->loc);
	arg->l->type = DTYPE_INT(8, 0);
	bind_param(c, e, x->param, arg);
	dsema_types(c, e);
	dtype mt = dm->type, et = e->type;
	int null = e->kind == N_INT && e->ival == 0;
	if ((mt.kind == DT_STRING) != (et.kind == DT_STRING) ||
	    (mt.kind == DT_PTR) != (et.kind == DT_PTR && !null) ||
	    ((mt.kind == DT_STRUCT || et.kind == DT_STRUCT) && !(dtype_same(mt, et) && mt.ref == et.ref)) ||
	    !dmem_ptr_compatible(c, mt, et)) {
		char mn[256], en[256];
		dtype_name(&c->prog->types, mt, mn, sizeof(mn));
		dtype_name(&c->prog->types, et, en, sizeof(en));
		dc_fail(c, a->loc, "D_XLATE_INCOMPAT", "translator member %s definition uses "
			"incompatible types: \"%s\" = \"%s\"", a->l->name, mn, en);
	}
}

/* Each translator's output type, its members, and that it is declared once
 * (a member given twice is allowed: the first one is used, as in DTrace) */
void dxlate_check(dcomp *c)
{
	for (int i = 0; i < c->nxlators; i++) {
		const dxlator *x = &c->xlators[i];
		if (x->out.kind != DT_STRUCT || !c->prog->types.t[x->out.ref].defined)
			dc_fail(c, x->loc, "D_XLATE_SOU", "translator output type must be a struct or union");
		for (int k = 0; k < i; k++)
			if (same_xlator(&c->xlators[k], x)) {
				char in[256], out[256];
				dtype_name(&c->prog->types, x->in, in, sizeof(in));
				dtype_name(&c->prog->types, x->out, out, sizeof(out));
				dc_fail(c, x->loc, "D_XLATE_REDECL", "translator from %s to %s has already "
					"been declared", in, out);
			}
		for (int m = 0; m < x->nmembers; m++) {
			const dnode *a = x->members[m];
			const dmember *dm = dctype_member(c, x->out, a->l->name);
			if (!dm)
				dc_fail(c, a->loc, "D_XLATE_MEMB", "translator member %s is not a member of %s "
					"%s", a->l->name, c->prog->types.t[x->out.ref].is_union ? "union" : "struct",
					c->prog->types.t[x->out.ref].name);
			member_check(c, x, a, dm);
		}
	}
}
