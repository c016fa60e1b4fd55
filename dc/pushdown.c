/* Predicate push-down: the part of a clause's predicate the kernel's event
 * filter can test (execname as the filter's comm, tid as common_pid, cpu as
 * CPU, compared with constants, under &&, || and !) becomes a filter string,
 * so that events the predicate rejects never reach the ring. The VM still
 * evaluates the whole predicate; a filter only has to admit every event the
 * predicate admits. When it admits exactly those (kfilter_exact), a clause
 * that only counts can be counted by the kernel. */
#include <stdio.h>
#include <string.h>

#include "dc/ast.h"

static const char *const ops[] = {
	[T_EQ] = "==", [T_NE] = "!=", [T_LT] = "<", [T_LE] = "<=", [T_GT] = ">", [T_GE] = ">=",
};

/* The comparison with the constant on the left, turned around. */
static int flipped(int op)
{
	switch (op) {
	case T_LT: return T_GT;
	case T_LE: return T_GE;
	case T_GT: return T_LT;
	case T_GE: return T_LE;
	default: return op;
	}
}

static const char *field_of(const dnode *n)
{
	if (n->kind != N_IDENT || n->refkind != REF_BUILTIN)
		return NULL;
	switch (n->ref) {
	case PVM_B_EXECNAME: return "comm";
	case PVM_B_TID: return "common_pid";
	case PVM_B_CPU: return "CPU";
	default: return NULL;
	}
}

/* builtin OP constant (either way round), exactly as the kernel tests it. */
static int compare(const dnode *n, char *out, size_t len)
{
	const dnode *b = n->l, *k = n->r;
	int op = n->op;

	if (!field_of(b)) {
		b = n->r;
		k = n->l;
		op = flipped(op);
	}
	const char *f = field_of(b);
	if (!f)
		return 0;
	if (!strcmp(f, "comm")) {
		/* strings: equality only, and no quote or backslash to escape */
		if (k->kind != N_STR || (op != T_EQ && op != T_NE) || strpbrk(k->sval, "\"\\"))
			return 0;
		return snprintf(out, len, "comm %s \"%s\"", ops[op], k->sval) < (int)len;
	}
	/* the fields are 32-bit: a constant beyond would be cut by the kernel */
	if (k->kind != N_INT || k->ival < INT32_MIN || k->ival > INT32_MAX)
		return 0;
	return snprintf(out, len, "%s %s %lld", f, ops[op], (long long)k->ival) < (int)len;
}

/* A filter admitting at least what n admits, in out; 0 if there is none.
 * *exact: it admits exactly that. */
static int push(const dnode *n, char *out, size_t len, int *exact)
{
	char a[512], b[512];
	int ea = 1, eb = 1, ha, hb;

	*exact = 1;
	if (n->kind == N_UNARY && n->op == T_NOT) {
		/* a weaker inner filter would be a stronger negation: exact only */
		if (!push(n->l, a, sizeof(a), &ea) || !ea)
			return 0;
		return snprintf(out, len, "!(%s)", a) < (int)len;
	}
	if (n->kind != N_BINARY)
		return 0;
	switch (n->op) {
	case T_LAND:
		ha = push(n->l, a, sizeof(a), &ea);
		hb = push(n->r, b, sizeof(b), &eb);
		*exact = ha && hb && ea && eb;
		if (ha && hb)
			return snprintf(out, len, "(%s) && (%s)", a, b) < (int)len;
		if (ha || hb)
			return snprintf(out, len, "%s", ha ? a : b) < (int)len;
		return 0;
	case T_LOR:
		if (!push(n->l, a, sizeof(a), &ea) || !push(n->r, b, sizeof(b), &eb))
			return 0;
		*exact = ea && eb;
		return snprintf(out, len, "(%s) || (%s)", a, b) < (int)len;
	case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
		return compare(n, out, len);
	default:
		return 0;
	}
}

/* Does the filter push() makes of n admit few events: it tests an execname
 * or a tid for a constant (a CPU's number admits half of them here), in a
 * conjunction or in each side of a disjunction? */
static int rare(const dnode *n)
{
	if (n->kind != N_BINARY)
		return 0;
	switch (n->op) {
	case T_LAND: return rare(n->l) || rare(n->r);
	case T_LOR: return rare(n->l) && rare(n->r);
	case T_EQ: {
		char f[512];
		return compare(n, f, sizeof(f)) && strncmp(f, "CPU", 3);
	}
	default: return 0;
	}
}

/* The names one of which the current task must have for n to hold
 * (dtr_clause.kcomm: "a", "a\nb"), in the arena; NULL when there are none. */
static const char *needed_comm(dcomp *c, const dnode *n)
{
	const char *a, *b;

	if (n->kind != N_BINARY)
		return NULL;
	switch (n->op) {
	case T_LAND:
		a = needed_comm(c, n->l);
		return a ? a : needed_comm(c, n->r);
	case T_LOR: {
		if (!(a = needed_comm(c, n->l)) || !(b = needed_comm(c, n->r)))
			return NULL;
		if (!strcmp(a, b))
			return a;
		size_t la = strlen(a), lb = strlen(b);
		char *both = darena_alloc(c->arena, la + 1 + lb + 1);
		memcpy(both, a, la);
		both[la] = '\n';
		memcpy(both + la + 1, b, lb + 1);
		return both;
	}
	case T_EQ: {
		const dnode *f = field_of(n->l) ? n->l : n->r, *k = f == n->l ? n->r : n->l;
		if (!field_of(f) || strcmp(field_of(f), "comm") || k->kind != N_STR || !k->sval[0] ||
		    strchr(k->sval, '\n'))
			return NULL;
		return darena_strndup(c->arena, k->sval, strlen(k->sval));
	}
	default:
		return NULL;
	}
}

void dpush_predicate(dcomp *c, const dnode *pred, dtr_clause *out)
{
	char f[1024];
	int exact;

	if (!pred || !push(pred, f, sizeof(f), &exact))
		return;
	out->kfilter = darena_strndup(c->arena, f, strlen(f));
	out->kfilter_exact = (uint8_t)exact;
	out->kfilter_rare = (uint8_t)rare(pred);
	out->kcomm = needed_comm(c, pred);
}
