/* DTrace's translated structs: args[n] of the proc, sched and io probes
 * (psinfo_t, lwpsinfo_t, bufinfo_t, devinfo_t, fileinfo_t, cpuinfo_t),
 * the curpsinfo, curlwpsinfo and curcpu variables, and fds[]. A translator gives each
 * member as D text over the probe's record (args->field) and built-ins;
 * a reference is rewritten into that expression and typed where it
 * stands. Members Linux cannot fill are absent, and naming one is an error
 * that lists the ones there are. */
#include <stdio.h>
#include <string.h>

#include "dc/ast.h"
#include "probes/provider.h"

static const prov_xmember curpsinfo_m[] = {
	{ "pr_pid", "pid" }, { "pr_ppid", "ppid" }, { "pr_uid", "uid" }, { "pr_gid", "gid" },
	{ "pr_fname", "execname" }, { "pr_psargs", "_psargs(pid)" }, { NULL, NULL },
};
static const prov_xmember curlwpsinfo_m[] = {
	{ "pr_lwpid", "tid" }, { "pr_onpro", "cpu" }, { NULL, NULL },
};
static const prov_xmember curcpu_m[] = {
	{ "cpu_id", "cpu" }, { NULL, NULL },
};

static const struct {
	const char *var;
	prov_xlate x;
} builtin_xlates[] = {
	{ "curpsinfo", { "psinfo_t *", NULL, curpsinfo_m } },
	{ "curlwpsinfo", { "lwpsinfo_t *", NULL, curlwpsinfo_m } },
	{ "curcpu", { "cpuinfo_t *", NULL, curcpu_m } },
};

/* fds[fd]: the firing process's descriptor fd as a fileinfo_t; __fd
 * stands for the index */
static const prov_xmember fds_m[] = {
	{ "fi_pathname", "_fdpath(__fd)" }, { "fi_name", "basename(_fdpath(__fd))" },
	{ "fi_dirname", "dirname(_fdpath(__fd))" }, { "fi_fs", "_fdfs(__fd)" },
	{ "fi_offset", "_fdinfo(__fd, 0)" }, { "fi_oflags", "(int)_fdinfo(__fd, 1)" }, { NULL, NULL },
};
static const prov_xlate fds_x = { "fileinfo_t", NULL, fds_m };

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

	for (int i = 0; c->cur && i < c->cur->nspecs; i++) {
		dtr_probespec *ps = &c->cur->specs[i];
		prov_match(ps->prov, ps->mod, ps->func, ps->name, xlate_probe, &q);
	}
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

int dxlate_member(dcomp *c, dnode *n)
{
	dnode *l = n->l;
	char what[32];

	if (n->op == T_DOT && l->kind == N_INDEX && l->l->kind == N_IDENT && !strcmp(l->l->name, "fds")) {
		if (l->nargs != 1)
			dc_fail(c, n->loc, "D_ARR_BADREF", "fds[ ] takes one file descriptor");
		return member(c, n, "fds[ ]", &fds_x, l->args[0]);
	}
	if (n->op != T_ARROW)
		return 0;
	if (l->kind == N_IDENT) {
		for (size_t i = 0; i < sizeof(builtin_xlates) / sizeof(builtin_xlates[0]); i++)
			if (!strcmp(l->name, builtin_xlates[i].var))
				return member(c, n, l->name, &builtin_xlates[i].x, NULL);
		return 0;
	}
	if (l->kind != N_INDEX || l->l->kind != N_IDENT || strcmp(l->l->name, "args") || l->nargs != 1 ||
	    l->args[0]->kind != N_INT || l->args[0]->ival < 0 || l->args[0]->ival > 9)
		return 0;
	int idx = (int)l->args[0]->ival;
	const prov_xlate *x = args_xlate(c, n->loc, idx);
	if (!x)
		return 0;
	snprintf(what, sizeof(what), "args[%d]", idx);
	return member(c, n, what, x, NULL);
}

int dxlate_arg(dcomp *c, dnode *n, int idx)
{
	const prov_xlate *x = args_xlate(c, n->loc, idx);

	if (!x || !x->expr)
		return 0;
	rewrite(c, n, x->expr, NULL);
	return 1;
}
