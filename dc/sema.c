/* Semantic analysis: resolves identifiers (built-ins, globals, macro
 * arguments), declares variables on first assignment and aggregations on
 * first use, types every expression with D's rules, and rejects what DTrace
 * rejects with its messages. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dc/ast.h"
#include "dc/sema.h"
#include "probes/provider.h"

/* The D type of a built-in variable, from the VM's table of them. */
static dtype builtin_type(int b)
{
	const pvm_builtin_info *bi = &pvm_builtins[b];

	return bi->type == PT_STR ? DTYPE_STR : DTYPE_INT(bi->size, bi->sign);
}

dtype dparse_type(dcomp *c, dloc loc, char **w, int n)
{
	int sign = 1, size = 0, longs = 0, str = 0, fp = 0;

	for (int i = 0; i < n; i++) {
		const char *s = w[i];
		if (!strcmp(s, "float")) fp = 4;
		else if (!strcmp(s, "double")) fp = 8;
		else if (!strcmp(s, "unsigned")) sign = 0;
		else if (!strcmp(s, "signed")) sign = 1;
		else if (!strcmp(s, "char")) size = 1;
		else if (!strcmp(s, "short")) size = 2;
		else if (!strcmp(s, "int")) { if (!size) size = 4; }
		else if (!strcmp(s, "long")) longs++;
		else if (!strcmp(s, "string")) str = 1;
		else if (!strcmp(s, "void")) return DTYPE_VOID;
		else {
			const dtypename *tn = dtype_name_lookup(s);
			if (tn && tn->size) {
				size = tn->size;
				sign = tn->sign;
			}
		}
	}
	if (str)
		return DTYPE_STR;
	if (fp)
		return DTYPE_FLOAT(fp == 8 && longs ? 16 : fp); /* the parser refused long float */
	if (longs)
		size = 8;
	if (!size)
		size = 4;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		dc_fail(c, loc, "D_DECL_BADTYPE", "invalid type");
	return DTYPE_INT(size, sign);
}

const char *dsema_type_name(dcomp *c, dtype t)
{
	char buf[256];

	dtype_name(&c->prog->types, t, buf, sizeof(buf));
	return darena_strndup(c->arena, buf, strlen(buf));
}

const char *dsema_node_type_name(dcomp *c, const dnode *n)
{
	return n->kind == N_AGG ? "aggregation" : dsema_type_name(c, n->type);
}

/* Globals and arrays share one name space; self-> and this-> have their own. */
int dsema_find_var(dcomp *c, const char *name, int scope)
{
	for (uint32_t i = 0; i < c->prog->vm.nvars; i++) {
		const pvm_vardesc *v = &c->prog->vm.vars[i];
		int same = v->scope == scope || ((v->scope == PVM_GLOBAL || v->scope == PVM_ARRAY) &&
						 (scope == PVM_GLOBAL || scope == PVM_ARRAY));
		if (same && !strcmp(v->name, name))
			return (int)i;
	}
	return -1;
}

uint8_t dsema_key_vtype(dtype t)
{
	return t.kind == DT_STRING ? PT_STR : t.kind == DT_STACK ? PT_STACK : PT_INT;
}

int dsema_key_chunks(uint32_t size, uint8_t *sizes, int max)
{
	int n = 0;

	for (uint32_t left = size, sz = 8; left; ) {
		while (sz > left)
			sz /= 2;
		if (n == max)
			return max + 1;
		sizes[n++] = (uint8_t)sz;
		left -= sz;
	}
	return n;
}

int dsema_add_var(dcomp *c, const char *name, int scope, dtype t, dnode **keys, int nkeys)
{
	pvm_prog *vm = &c->prog->vm;
	int n = (int)vm->nvars;

	vm->vars = darena_push(c->arena, vm->vars, n, sizeof(*vm->vars));
	c->vartypes = darena_push(c->arena, c->vartypes, n, sizeof(*c->vartypes));
	c->varalloca = darena_push(c->arena, c->varalloca, n, 1);
	c->varalloca[n] = 0;
	c->varsigs = darena_push(c->arena, c->varsigs, n, sizeof(*c->varsigs));
	memset(&vm->vars[n], 0, sizeof(vm->vars[n]));
	memset(&c->varsigs[n], 0, sizeof(c->varsigs[n]));
	vm->vars[n].name = darena_strndup(c->arena, name, strlen(name));
	vm->vars[n].type = t.kind == DT_STRING ? PT_STR : PT_INT;
	vm->vars[n].scope = (uint8_t)scope;
	if (scope == PVM_ARRAY && t.kind == DT_STRUCT) /* its elements' bytes (LDAA, MKAA) */
		vm->vars[n].size = dtype_sizeof(&c->prog->types, t);
	for (int i = 0; i < nkeys; i++) {
		uint8_t sizes[PVM_MAX_TUPLE];
		pvm_vardesc *vd = &vm->vars[n];
		int k = keys[i]->type.kind != DT_STRUCT ? 1 :
			dsema_key_chunks(dtype_sizeof(&c->prog->types, keys[i]->type), sizes, PVM_MAX_TUPLE);
		if (vd->nkeys + k > PVM_MAX_TUPLE)
			dc_fail(c, keys[i]->loc, "D_ARR_BADREF", "array %s has keys of more than %d values "
				"(a struct key is one per 8 bytes)", name, PVM_MAX_TUPLE);
		while (k--)
			vd->keytype[vd->nkeys++] = dsema_key_vtype(keys[i]->type);
		c->varsigs[n].k[c->varsigs[n].n++] = keys[i]->type;
	}
	c->vartypes[n] = t;
	vm->nvars++;
	return n;
}

static int find_builtin(const char *name)
{
	for (int i = 0; i < PVM_NBUILTINS; i++)
		if (!strcmp(pvm_builtins[i].name, name))
			return i;
	return -1;
}


/* The usual arithmetic conversions as DTrace does them: rank by size, then
 * unsigned wins; no promotion to int. */
dtype dsema_arith(dtype a, dtype b)
{
	dtype r;

	if (a.size != b.size)
		r = a.size > b.size ? a : b;
	else
		r = a.sign ? b : a;
	if (r.kind == DT_INT)
		r.ref = 0; /* arithmetic on an enum is an int */
	return r;
}

int dsema_pragma_set(dcomp *c, const char *name)
{
	for (int i = 0; i < c->prog->nopts; i++)
		if (!strcmp(c->prog->opts[i].name, name))
			return 1;
	return 0;
}

/* A macro variable becomes a constant node in place. */
static void macro(dcomp *c, dnode *n)
{
	const char *m = n->name + 1;
	const dc_input *in = c->in;
	int as_string = 0;

	if (*m == '$') {
		as_string = 1;
		m++;
	}
	if (isdigit((unsigned char)*m)) {
		/* a number past argc (and past INT_MAX) is just not defined */
		unsigned long long i = strtoull(m, NULL, 10);
		const char *v;
		if (i == 0)
			v = in->file ? in->file : "dtr";
		else if (i > (unsigned long long)in->argc && (in->defaultargs || dsema_pragma_set(c, "defaultargs")))
			v = as_string ? "" : "0";
		else if (i > (unsigned long long)in->argc)
			dc_fail(c, n->loc, "D_MACRO_UNDEF", "macro argument %s is not defined", n->name);
		else
			v = in->argv[i - 1], c->argused[i] = 1;
		char *end;
		long long iv = strtoll(v, &end, 0);
		if (!as_string && (*end || !*v) && (isalpha((unsigned char)*v) || *v == '_') &&
		    strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_`") == strlen(v)) {
			/* an argument that is not a number expands to an identifier */
			n->kind = N_IDENT;
			n->name = darena_strndup(c->arena, v, strlen(v));
			return;
		}
		if (as_string || *end || !*v) {
			n->kind = N_STR;
			n->sval = darena_strndup(c->arena, v, strlen(v));
			n->type = DTYPE_STR;
		} else {
			n->kind = N_INT;
			n->ival = iv;
			n->type = DTYPE_INT(8, 1);
		}
		return;
	}
	long long v;
	if (!strcmp(m, "target")) {
		v = in->target < 0 ? 0 : in->target; /* 0 without -c or -p, as DTrace */
	} else if (!strcmp(m, "pid")) {
		v = getpid();
	} else if (!strcmp(m, "ppid")) {
		v = getppid();
	} else if (!strcmp(m, "uid")) {
		v = getuid();
	} else if (!strcmp(m, "gid")) {
		v = getgid();
	} else if (!strcmp(m, "cwd")) {
		char buf[4096];
		n->kind = N_STR;
		n->sval = getcwd(buf, sizeof(buf)) ? darena_strndup(c->arena, buf, strlen(buf)) : "";
		n->type = DTYPE_STR;
		return;
	} else {
		dc_fail(c, n->loc, "D_MACRO_UNDEF", "macro variable %s is not defined", n->name);
	}
	n->kind = N_INT;
	n->ival = v;
	n->type = DTYPE_INT(4, 1);
}

static const char *scope_prefix(int kind)
{
	return kind == N_SELF ? "self->" : kind == N_THIS ? "this->" : "";
}

/* Resolve a variable reference: a built-in, an inline constant, a global,
 * self->x, this->x or array[keys]. With create, an unknown variable is
 * declared with type t (first assignment). */
static void subr_call(dcomp *c, dnode *n);

/* The type a global name first gets in n: from its assignment, or int64_t
 * from ++, --, or an operator-assignment */
static int assigned_type(dcomp *c, const dnode *n, const char *name, dtype *t)
{
	if (!n)
		return 0;
	if ((n->kind == N_ASSIGN || n->kind == N_POSTFIX || (n->kind == N_UNARY && (n->op == T_INC ||
	     n->op == T_DEC))) && n->l && n->l->kind == N_IDENT && !strcmp(n->l->name, name)) {
		*t = DTYPE_INT(8, 1);
		if (n->kind == N_ASSIGN && n->op == T_ASSIGN) {
			dnode *r = dnode_copy(c, n->r);
			dsema_types(c, r);
			*t = r->type;
		}
		return 1;
	}
	if (assigned_type(c, n->l, name, t) || assigned_type(c, n->r, name, t) || assigned_type(c, n->x, name, t))
		return 1;
	for (int i = 0; i < n->nargs; i++)
		if (assigned_type(c, n->args[i], name, t))
			return 1;
	return 0;
}

/* A global used in a clause's predicate but first assigned in its body is
 * declared by that assignment, as in DTrace */
static int body_type(dcomp *c, const dclause *cl, const char *name, dtype *t)
{
	for (int s = 0; s < cl->nstmts; s++)
		if (assigned_type(c, cl->stmts[s], name, t))
			return 1;
	return 0;
}

/* name[args] of an inline declared with parameters: its expression with
 * the arguments (converted to the parameters' types) in place of the
 * parameters, typed where it stands. 0 when name is no such inline. */
static int inline_args(dcomp *c, dnode *n, int create)
{
	const dnode *d = NULL;

	for (int i = 0; i < c->ninlines && !d; i++)
		if (c->inlines[i]->nargs && !strcmp(c->inlines[i]->name, n->l->name))
			d = c->inlines[i];
	if (!d)
		return 0;
	if (create)
		dc_fail(c, n->loc, "D_OP_WRITE", "inline %s may not be assigned", d->name);
	if (n->nargs != d->nargs)
		dc_fail(c, n->loc, "D_PROTO_LEN", "%s[ ] prototype mismatch: %d arg%s passed, %d expected",
			d->name, n->nargs, n->nargs == 1 ? "" : "s", d->nargs);
	dnode **args = darena_alloc(c->arena, sizeof(*args) * (size_t)n->nargs);
	for (int i = 0; i < n->nargs; i++) {
		args[i] = n->args[i];
		if (is_int(d->args[i]->type)) {
			args[i] = dnode_new(c, N_CAST, n->args[i]->loc);
			args[i]->type = d->args[i]->type;
			args[i]->l = n->args[i];
		}
	}
	dnode *e = dnode_copy(c, d->r);
	dnode_bind(c, e, d->nargs, d->args, args);
	dloc loc = n->loc;
	memset(n, 0, sizeof(*n));
	n->kind = N_CAST;
	n->l = e;
	n->type = d->type;
	if (!is_int(d->type))
		*n = *e;
	n->loc = loc;
	dsema_types(c, n);
	return 1;
}

/* An inline whose value is xlate <T> (e) becomes that xlate, untyped, so
 * that inline.member is translated. */
static void inline_xlate(dcomp *c, dnode *n)
{
	for (int i = 0; i < c->ninlines; i++) {
		const dnode *d = c->inlines[i];
		if (!d->nargs && d->r && d->r->kind == N_XLATE && !strcmp(d->name, n->name)) {
			dloc loc = n->loc;
			*n = *dnode_copy(c, d->r);
			n->loc = loc;
			return;
		}
	}
}

static void var_ref(dcomp *c, dnode *n, int create, dtype t)
{
	if (n->kind == N_INDEX && n->l->kind == N_IDENT && inline_args(c, n, create))
		return;
	if (n->kind == N_INDEX && n->l->kind == N_IDENT && !strcmp(n->l->name, "uregs") &&
	    dsema_find_var(c, "uregs", PVM_ARRAY) < 0) {
		/* uregs[R_RAX]: the user register, sampled with the event */
		if (create || n->nargs != 1)
			dc_fail(c, n->loc, "D_OP_WRITE", "uregs[] takes one register and is read-only");
		dsema_types(c, n->args[0]);
		if (n->args[0]->kind != N_INT)
			dc_fail(c, n->loc, "D_PROTO_ARG", "uregs[ ] argument #1 is incompatible with "
				"prototype:\n\tprototype: integer constant\n\t argument: %s",
				dsema_type_name(c, n->args[0]->type));
		/* the registers of DTrace's x86-64 regs.d: R_R15 (0) to R_TRAPNO (25) */
		if (n->args[0]->ival < 0 || n->args[0]->ival > 25)
			dc_fail(c, n->loc, "D_UNKNOWN", "uregs[]: index out of bounds (%lld)",
				(long long)n->args[0]->ival);
		n->kind = N_CALL;
		n->name = "_ureg";
		c->prog->uregs = 1;
		subr_call(c, n);
		return;
	}
	if (n->kind == N_INDEX && n->l->kind == N_SELF && !n->l->refkind) {
		/* self->a[k] is an array keyed by the thread, then k */
		dnode *tid = dnode_new(c, N_IDENT, n->loc), **keys;
		tid->name = "tid";
		keys = darena_alloc(c->arena, sizeof(*keys) * (size_t)(n->nargs + 1));
		keys[0] = tid;
		memcpy(keys + 1, n->args, sizeof(*keys) * (size_t)n->nargs);
		n->args = keys;
		n->nargs++;
		size_t l = strlen(n->l->name) + 7;
		char *name = darena_alloc(c->arena, l);
		snprintf(name, l, "self->%s", n->l->name);
		n->l = dnode_new(c, N_IDENT, n->l->loc);
		n->l->name = name;
	}
	int scope = n->kind == N_SELF ? PVM_THREAD : n->kind == N_THIS ? PVM_CLAUSE :
		    n->kind == N_INDEX ? PVM_ARRAY : PVM_GLOBAL;
	const char *name = n->kind == N_INDEX ? n->l->name : n->name;
	dnode **keys = n->kind == N_INDEX ? n->args : NULL;
	int nkeys = n->kind == N_INDEX ? n->nargs : 0, v, b;

	if ((n->kind == N_THIS || n->kind == N_SELF) && dmem_dynobj(c, n))
		return;
	if (n->kind == N_INDEX && n->l->kind == N_THIS) {
		/* DTrace turns an unused scalar into an array; a local it refuses */
		if (dsema_find_var(c, n->l->name, PVM_CLAUSE) < 0 && dmem_object(c, n->l->name, N_THIS) < 0)
			dc_fail(c, n->loc, "D_ARR_LOCAL", "local variables may not be used as "
				"associative arrays: %s", n->l->name);
		dc_fail(c, n->loc, "D_IDENT_BADREF", "scalar '%s' may not be referenced as array",
			n->l->name);
	}
	if (n->kind == N_INDEX && n->l->kind != N_IDENT)
		dc_fail(c, n->loc, "D_IDENT_BADREF", "[ ] may only be applied to an associative array");
	if (n->kind == N_INDEX) {
		int sv = dsema_find_var(c, name, PVM_GLOBAL);
		/* x[i] of a scalar x is *(x + i) in C, and x is no pointer */
		if (sv >= 0 && c->prog->vm.vars[sv].scope == PVM_GLOBAL)
			dc_fail(c, n->loc, "D_DEREF_NONPTR", "cannot dereference non-pointer type");
	}
	if (nkeys > PVM_MAX_TUPLE)
		dc_fail(c, n->loc, "D_ARR_BADREF", "array %s has more than %d keys", name, PVM_MAX_TUPLE);
	for (int i = 0; i < nkeys; i++) {
		if (dxlate_is_dynamic(keys[i]))
			dc_fail(c, keys[i]->loc, "D_KEY_TYPE", "dynamic variable expression may not be used "
				"as associative array index: key #%d", i + 1);
		dsema_types(c, keys[i]);
		if (keys[i]->type.kind == DT_VOID)
			dc_fail(c, keys[i]->loc, "D_KEY_TYPE", "%s expression may not be used as associative "
				"array index: key #%d", dsema_node_type_name(c, keys[i]), i + 1);
		if ((keys[i]->type.kind == DT_STRUCT && keys[i]->kind != N_DEREF) ||
		    DTYPE_IS_LDOUBLE(keys[i]->type))
			dc_fail(c, keys[i]->loc, "D_ARR_BADREF", "array key #%d is a %s: keys are scalars, "
				"strings and structs", i + 1, dsema_type_name(c, keys[i]->type));
	}
	if (scope == PVM_GLOBAL) {
		if ((b = find_builtin(name)) >= 0) {
			/* writing one is refused by the caller, which knows the operator */
			if (b == PVM_B_STACKDEPTH || b == PVM_B_CALLER)
				c->prog->kstack = 1;
			if (b == PVM_B_USTACKDEPTH || b == PVM_B_UCALLER)
				c->prog->ustack = 1;
			n->refkind = REF_BUILTIN;
			n->ref = b;
			n->type = builtin_type(b);
			return;
		}
		for (int i = 0; i < c->ninlines; i++)
			if (!strcmp(c->inlines[i]->name, name)) {
				if (create)
					dc_fail(c, n->loc, "D_OP_WRITE", "inline %s may not be assigned", name);
				const dnode *d = c->inlines[i];
				if (!d->r) {
					*n = *d->x; /* a constant */
					return;
				}
				/* an expression: typed here, converted to the inline's type */
				dloc loc = n->loc;
				dnode *e = dnode_copy(c, d->r);
				if (is_int(d->type)) {
					memset(n, 0, sizeof(*n));
					n->kind = N_CAST;
					n->l = e;
					n->type = d->type;
				} else {
					*n = *e;
				}
				n->loc = loc;
				dsema_types(c, n);
				return;
			}
		if (dxlate_inline(c, n, create))
			return;
		/* DTrace built-ins Linux cannot give: say so rather than "unknown" */
		static const struct { const char *name, *why; } absent[] = {
			{ "curthread", "it is a pointer to the kernel's thread, and dtr reads no kernel memory" },
			{ "zonename", "Linux has no zones" }, { "projid", "Linux has no projects" },
			{ "taskid", "Linux has no Solaris tasks" }, { "ipl", "Linux has no interrupt priority levels" },
			{ "machtimestamp", "the events carry only timestamp" },
			{ "curcpu", "its value is the address of the kernel's cpuinfo_t, which dtr cannot "
			  "give; its members are available (curcpu->cpu_id, cpu_chip, cpu_lgrp)" },
		};
		for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
			if (strcmp(name, absent[i].name) != 0)
				continue;
			if (i == 0 && !create) {
				/* curthread is typed (struct task_struct *) so that the
				 * clause's type errors come first, then refused */
				if (!c->unavail) {
					c->unavail = dnode_copy(c, n);
					c->unavail->sval = (char *)absent[i].why;
				}
				n->kind = N_INT;
				n->ival = 0;
				n->type = dctype_ptr(c, dctype_tag(c, DT_STRUCT, 0, "task_struct"));
				return;
			}
			dc_fail(c, n->loc, "D_IDENT_UNSUP", "built-in variable %s is not available on "
				"Linux: %s", name, absent[i].why);
		}
		int mg = dmem_object(c, name, N_IDENT);
		if (mg >= 0) {
			dnode *a = dnode_new(c, N_GADDR, n->loc);
			a->ival = c->mglobals[mg]->ival;
			a->type = DTYPE_INT(8, 0);
			dmem_deref(c, n, a, c->mglobals[mg]->type);
			return;
		}
		int cv;
		if (dsema_const(name, &cv)) {
			if (create)
				dc_fail(c, n->loc, "D_OP_WRITE", "inline %s may not be assigned", name);
			n->kind = N_INT;
			n->ival = cv;
			n->type = DTYPE_INT(4, 1);
			return;
		}
		if (!strcmp(name, "NULL")) {
			/* DTrace's inline long NULL = 0, whose value is the int 0 */
			n->kind = N_INT;
			n->ival = 0;
			n->type = DTYPE_INT(4, 1);
			return;
		}
	}
	if ((v = dsema_find_var(c, name, scope)) < 0) {
		if (!create && (scope == PVM_THREAD || scope == PVM_CLAUSE))
			dc_fail(c, n->loc, "D_IDENT_UNDEF", "%s%s has not yet been declared or assigned",
				scope_prefix(n->kind), name);
		if (scope == PVM_GLOBAL && (!strcmp(name, "args") || !strcmp(name, "uregs")))
			dc_fail(c, n->loc, "D_IDENT_BADREF", "associative array '%s' may not be referenced "
				"as scalar", name);
		if (!create && !(scope == PVM_GLOBAL && c->pred_sema && c->cur && body_type(c, c->cur, name, &t)))
			dc_fail(c, n->loc, "D_IDENT_UNDEF", "failed to resolve %s: Unknown variable name", name);
		v = dsema_add_var(c, name, scope, t, keys, nkeys);
	}
	const pvm_vardesc *vd = &c->prog->vm.vars[v];
	if ((vd->scope == PVM_ARRAY) != (scope == PVM_ARRAY))
		dc_fail(c, n->loc, "D_IDENT_BADREF", vd->scope == PVM_ARRAY ?
			"associative array '%s' may not be referenced as scalar" :
			"scalar '%s' may not be referenced as associative array", name);
	if (scope == PVM_ARRAY) {
		const dvarsig *sig = &c->varsigs[v];
		if (nkeys != sig->n)
			dc_fail(c, n->loc, "D_PROTO_LEN", "%s[ ] prototype mismatch: %d key%s passed, %d "
				"expected", name, nkeys, nkeys == 1 ? "" : "s", sig->n);
		for (int i = 0; i < nkeys; i++) {
			dtype p = sig->k[i], k = keys[i]->type;
			if (dsema_key_vtype(k) != dsema_key_vtype(p) || (k.kind == DT_STRUCT) != (p.kind == DT_STRUCT) ||
			    (k.kind == DT_STRUCT && k.ref != p.ref))
				dc_fail(c, keys[i]->loc, "D_PROTO_ARG", "%s[ ] key #%d is incompatible "
					"with prototype:\n\tprototype: %s\n\t      key: %s", name, i + 1,
					dsema_type_name(c, p), dsema_type_name(c, k));
		}
	}
	n->refkind = REF_VAR;
	n->ref = v;
	n->type = c->vartypes[v];
	if (scope == PVM_ARRAY && n->type.kind == DT_STRUCT) {
		/* an element of an array of structs: the object at its address */
		dnode *a = dnode_new(c, N_GADDR, n->loc);
		a->op = N_INDEX;
		a->ival = v;
		a->args = keys;
		a->nargs = nkeys;
		a->type = DTYPE_INT(8, 0);
		dmem_deref(c, n, a, c->vartypes[v]);
	}
}

static int is_var(const dnode *n)
{
	return n->kind == N_IDENT || n->kind == N_SELF || n->kind == N_THIS || n->kind == N_INDEX;
}

/* Is n a scalar variable (x, self->x, this->x) nothing has declared or
 * assigned yet? op= reads it first, which DTrace refuses. */
static int undeclared_var(dcomp *c, const dnode *n)
{
	int scope = n->kind == N_SELF ? PVM_THREAD : n->kind == N_THIS ? PVM_CLAUSE : PVM_GLOBAL;

	if (n->kind != N_IDENT && n->kind != N_SELF && n->kind != N_THIS)
		return 0;
	if (dsema_find_var(c, n->name, scope) >= 0 || dmem_object(c, n->name, n->kind) >= 0)
		return 0;
	if (scope != PVM_GLOBAL)
		return 1;
	for (int i = 0; i < c->ninlines; i++)
		if (!strcmp(c->inlines[i]->name, n->name))
			return 0;
	return find_builtin(n->name) < 0 && strcmp(n->name, "NULL");
}

/* a[k] = s of struct s, which makes a an array of such structs, or a[k] = 0
 * of an array of structs, which frees the element. Returns 0 when n is
 * neither. */
static int assoc_struct_assign(dcomp *c, dnode *n)
{
	int v = dsema_find_var(c, n->l->l->name, PVM_ARRAY);

	if (v >= 0 && (c->prog->vm.vars[v].scope != PVM_ARRAY || c->vartypes[v].kind != DT_STRUCT))
		v = -1;
	if (n->r->type.kind != DT_STRUCT && v < 0)
		return 0;
	var_ref(c, n->l, 1, n->r->type);
	if (n->r->kind == N_INT && n->r->ival == 0) {
		dnode *a = n->l->l, *e = dnode_new(c, N_INDEX, n->l->loc);
		e->args = a->args;
		e->nargs = a->nargs;
		e->refkind = REF_VAR;
		e->ref = (int)a->ival;
		e->type = n->l->type;
		n->l = e;
		n->kind = N_FREE;
		n->type = e->type;
		return 1;
	}
	dmem_assignment(c, n);
	return 1;
}

/* The operand types op= takes, as DTrace checks them: += and -= integers
 * (or a pointer and an integer), *= and /= arithmetic types, the others
 * integers. */
static void op_assign_types(dcomp *c, dnode *n, dtype a, dtype b)
{
	if (n->op == T_ASSIGN)
		return;
	if (n->op == T_ADD_EQ || n->op == T_SUB_EQ) {
		if (is_str(a) || is_str(b))
			dc_fail(c, n->loc, "D_OP_INCOMPAT", "operands have incompatible types: \"%s\" %s \"%s\"",
				dsema_type_name(c, a), dtok_names[n->op], dsema_type_name(c, b));
		if ((!is_int(a) || !is_int(b)) && (!is_ptr(a) || elem_of(c, a).kind == DT_VOID))
			dc_fail(c, n->loc, "D_OP_VFPTR", "operator %s requires left-hand scalar operand of "
				"known size", dtok_names[n->op]);
	} else if (n->op == T_MUL_EQ || n->op == T_DIV_EQ) {
		if (!is_int(a) || !is_int(b))
			dc_fail(c, n->loc, "D_OP_ARITH", "operator %s requires operands of arithmetic type",
				dtok_names[n->op]);
	} else if (!is_int(a) || !is_int(b)) {
		dc_fail(c, n->loc, "D_OP_INT", "operator %s requires operands of integral type",
			dtok_names[n->op]);
	}
}

/* Is pointer n alloca() memory (DTrace's alloca taint): alloca() or
 * copyin(), a variable assigned one, and casts, arithmetic and
 * conditionals of them? */
static int alloca_ptr(dcomp *c, const dnode *n)
{
	switch (n->kind) {
	case N_CALL:
		return n->refkind == REF_SUBR && (n->ref == PVM_SUBR_ALLOCA || n->ref == PVM_SUBR_COPYIN);
	case N_IDENT: case N_SELF: case N_THIS:
		return n->refkind == REF_VAR && c->varalloca[n->ref];
	case N_CAST: case N_ASSIGN:
		return alloca_ptr(c, n->kind == N_CAST ? n->l : n->r);
	case N_BINARY:
		return is_ptr(n->type) && (alloca_ptr(c, n->l) || alloca_ptr(c, n->r));
	case N_COND:
		return alloca_ptr(c, n->l) || alloca_ptr(c, n->r);
	default:
		return 0;
	}
}

/* A conditional (under casts) whose pointer branches are alloca() memory
 * on one side only: its value may not go into a variable (DTrace's
 * NONASSIGN). */
static int alloca_mixed(dcomp *c, const dnode *n)
{
	while (n->kind == N_CAST)
		n = n->l;
	return n->kind == N_COND && (is_ptr(n->l->type) || is_ptr(n->r->type)) &&
	       (alloca_mixed(c, n->l) || alloca_mixed(c, n->r) ||
		alloca_ptr(c, n->l) != alloca_ptr(c, n->r));
}

static void assignment(dcomp *c, dnode *n)
{
	dnode *l = n->l;
	int mg;

	if (n->op != T_ASSIGN && undeclared_var(c, l))
		dc_fail(c, l->loc, "D_VAR_UNDEF", "%s%s has not yet been declared or assigned",
			scope_prefix(l->kind), l->name);
	if ((l->kind == N_IDENT || l->kind == N_SELF || l->kind == N_THIS) &&
	    (mg = dmem_object(c, l->name, l->kind)) >= 0 && c->mglobals[mg]->type.kind == DT_ARRAY)
		dc_fail(c, n->loc, "D_OP_ARRFUN", "operator %s may not be applied to operand of type \"%s\"",
			dtok_names[n->op], dsema_type_name(c, c->mglobals[mg]->type));
	dsema_types(c, n->r);
	if (l->kind == N_AGG)
		dc_fail(c, l->loc, "D_AGG_FUNC", "@%s must be assigned the result of an aggregating function",
			l->name);
	if (n->r->type.kind == DT_VOID)
		dc_fail(c, n->r->loc, "D_OP_VOID", "operator %s cannot be applied to a void expression",
			dtok_names[n->op]);
	if ((l->kind == N_THIS || l->kind == N_SELF || (l->kind == N_IDENT && !strchr(l->name, '`'))) &&
	    n->op == T_ASSIGN && n->r->type.kind == DT_STRUCT &&
	    dsema_find_var(c, l->name, l->kind == N_THIS ? PVM_CLAUSE : l->kind == N_SELF ? PVM_THREAD :
			   PVM_GLOBAL) < 0 &&
	    dmem_object(c, l->name, l->kind) < 0 && (l->kind != N_IDENT || find_builtin(l->name) < 0)) {
		/* s = a struct: declares a global (or clause-local, thread-local) struct */
		dnode *d = dnode_new(c, l->kind, l->loc);
		d->name = l->name;
		d->type = n->r->type;
		c->mglobals = darena_push(c->arena, c->mglobals, c->nmglobals, sizeof(*c->mglobals));
		c->mglobals[c->nmglobals++] = d;
		dmem_place(c, d);
	}
	if (l->kind == N_SELF && n->op == T_ASSIGN && n->r->kind == N_INT && n->r->ival == 0 &&
	    (mg = dmem_object(c, l->name, N_SELF)) >= 0) {
		/* self->s = 0 frees a thread-local struct or union, as in DTrace */
		l->refkind = REF_VAR;
		l->ref = dsema_find_var(c, l->name, PVM_THREAD);
		l->type = c->mglobals[mg]->type;
		n->kind = N_FREE;
		n->type = l->type;
		return;
	}
	if (dmem_is_lvalue(c, l)) {
		dmem_assignment(c, n);
		return;
	}
	if (!is_var(l))
		dc_fail(c, l->loc, "D_OP_LVAL", "operator %s requires modifiable lvalue as an operand",
			dtok_names[n->op]);
	if (l->kind == N_INDEX && n->op == T_ASSIGN && assoc_struct_assign(c, n))
		return;
	if (n->r->type.kind == DT_STRUCT)
		dc_fail(c, n->loc, "D_DECL_DYNOBJ", "a %s can be assigned only to a variable of its type, not "
			"to an associative array element", dsema_type_name(c, n->r->type));
	if (n->r->type.kind == DT_STACK)
		dc_fail(c, n->r->loc, "D_OP_ACT", "a %s value cannot be stored in a variable: use it as "
			"an aggregation or array key, or with trace( )", dsema_type_name(c, n->r->type));
	var_ref(c, l, 1, n->r->type);
	if (is_str(l->type) && n->op == T_ASSIGN && n->r->kind == N_INT && n->r->ival == 0 &&
	    l->refkind == REF_VAR && (c->prog->vm.vars[l->ref].scope == PVM_GLOBAL ||
				      c->prog->vm.vars[l->ref].scope == PVM_CLAUSE)) {
		/* s = NULL: the NULL string (an N_INT 0 typed string) */
		n->r->type = DTYPE_STR;
	}
	op_assign_types(c, n, l->type, n->r->type);
	if (l->refkind != REF_VAR)
		dc_fail(c, l->loc, "D_OP_WRITE", "operator %s can only be applied to a writable variable",
			dtok_names[n->op]);
	if (is_str(l->type) && n->op == T_ASSIGN && n->r->kind == N_INT && n->r->ival == 0 &&
	    (c->prog->vm.vars[l->ref].scope == PVM_THREAD || c->prog->vm.vars[l->ref].scope == PVM_ARRAY)) {
		/* s = 0 frees a thread-local or array string, as in DTrace */
		n->kind = N_FREE;
		n->type = l->type;
		return;
	}
	if (n->op == T_ASSIGN && is_ptr(l->type) && is_str(n->r->type) && dmem_str_arg(c, l))
		dmem_ptr_of_str(c, n->r, l->type); /* char *p = s: p points at a copy of s */
	if (alloca_mixed(c, n->r))
		dc_fail(c, n->loc, "D_ALLOCA_INCOMPAT", "ternary conditional with alloca and non-alloca "
			"branches cannot be assigned to a variable");
	if (n->op == T_ASSIGN && is_ptr(n->r->type) && alloca_ptr(c, n->r))
		c->varalloca[l->ref] = 1;
	/* a pointer and an integer meet only as NULL: an integer constant 0 */
	int ptr_int = n->op == T_ASSIGN && is_ptr(l->type) != is_ptr(n->r->type) &&
		      !(n->r->kind == N_INT && n->r->ival == 0 && is_ptr(l->type));
	/* DTrace assigns no floating-point value, not even one of the same type */
	if (is_str(l->type) != is_str(n->r->type) || (n->op != T_ASSIGN && !is_int(l->type)) ||
	    is_float(l->type) || is_float(n->r->type) || !dmem_ptr_compatible(c, l->type, n->r->type) ||
	    ptr_int)
		dc_fail(c, n->loc, "D_OP_INCOMPAT", "operands have incompatible types: \"%s\" %s \"%s\"",
			dsema_type_name(c, l->type), dtok_names[n->op], dsema_type_name(c, n->r->type));
	n->type = l->type;
}

static void binary_types(dcomp *c, dnode *n)
{
	dtype a = n->l->type, b = n->r->type;

	switch (n->op) {
	case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
		/* a string against NULL (0): the NULL string, which sorts before "" */
		for (int side = 0; side < 2 && is_str(a) != is_str(b); side++) {
			dnode *z = side ? n->l : n->r;
			if (z->kind == N_INT && z->ival == 0 && is_str(side ? b : a)) {
				z->type = DTYPE_STR;
				a = n->l->type;
				b = n->r->type;
			}
		}
		/* floating-point values compare with their own type only, by their bits */
		if (is_float(a) && dtype_same(a, b)) {
			if (DTYPE_IS_LDOUBLE(a))
				dc_fail(c, n->loc, "D_OP_INCOMPAT", "dtr cannot compare long double "
					"values");
			n->type = DTYPE_INT(4, 1);
			return;
		}
		if (is_str(a) != is_str(b) || !(is_str(a) || is_scalar(a)) || !(is_str(b) || is_scalar(b)))
			dc_fail(c, n->loc, "D_OP_INCOMPAT", "operands have incompatible types: \"%s\" %s \"%s\"",
				dsema_type_name(c, a), dtok_names[n->op], dsema_type_name(c, b));
		n->type = DTYPE_INT(4, 1);
		return;
	case T_LAND: case T_LOR: case T_LXOR:
		if (!is_scalar(a) || !is_scalar(b))
			dc_fail(c, n->loc, "D_OP_SCALAR", "operator %s requires operands of scalar type",
				dtok_names[n->op]);
		n->type = DTYPE_INT(4, 1);
		return;
	case T_SHL: case T_SHR:
		if (!is_int(a) || !is_int(b))
			dc_fail(c, n->loc, "D_OP_INT", "operator %s requires operands of integral type",
				dtok_names[n->op]);
		n->type = a;
		return;
	case T_PLUS: case T_MINUS:
		if ((is_str(a) && is_int(b)) || (n->op == T_PLUS && is_int(a) && is_str(b))) {
			/* s + n, n + s, s - n: D treats a string as a pointer here */
			n->type = DTYPE_STR;
			return;
		}
		if (!is_int(a) || !is_int(b))
			dc_fail(c, n->loc, "D_OP_INCOMPAT", "operands have incompatible types: \"%s\" %s \"%s\"",
				dsema_node_type_name(c, n->l), dtok_names[n->op], dsema_node_type_name(c, n->r));
		n->type = dsema_arith(a, b);
		return;
	default:
		if ((!is_int(a) || !is_int(b)) && (n->op == T_STAR || n->op == T_SLASH))
			dc_fail(c, n->loc, "D_OP_ARITH", "operator %s requires operands of arithmetic type",
				dtok_names[n->op]);
		if (!is_int(a) || !is_int(b))
			dc_fail(c, n->loc, "D_OP_INT", "operator %s requires operands of integral type",
				dtok_names[n->op]);
		if ((n->op == T_SLASH || n->op == T_PERCENT) && n->r->kind == N_INT && n->r->ival == 0)
			dc_fail(c, n->loc, "D_DIV_ZERO", "expression contains division by zero");
		n->type = dsema_arith(a, b);
	}
}

/* Sign- or zero-extend v from t's size, as the VM keeps values. */
static int64_t to_type(int64_t v, dtype t)
{
	int sh = 64 - 8 * t.size;

	if (t.size >= 8)
		return v;
	return t.sign ? (int64_t)((uint64_t)v << sh) >> sh : (int64_t)(((uint64_t)v << sh) >> sh);
}

/* A constant's value converted from type f to t the way the generated code
 * converts a register (gen.c's convert()): only where the value could
 * change, so that a folded result's bits beyond its type carry on. */
static int64_t conv_const(int64_t v, dtype f, dtype t)
{
	if (t.size < f.size || (t.size == f.size && t.sign != f.sign) ||
	    (t.size > f.size && !f.sign && t.sign))
		return to_type(v, t);
	return v;
}

/* Constant folding: an operator or cast on constants becomes a constant,
 * so that inline constants, array sizes and aggregation parameters can be
 * expressions. Division by zero is left to run time. */
void dsema_fold(dnode *n)
{
	uint64_t a, b = 0, r;
	int sign = n->type.sign;

	if (n->kind == N_CAST && n->l->kind == N_INT) {
		n->ival = to_type(n->l->ival, n->type);
		n->kind = N_INT;
		return;
	}
	if (n->kind == N_UNARY && n->l->kind == N_INT && n->op != T_INC && n->op != T_DEC) {
		a = (uint64_t)n->l->ival;
		r = n->op == T_MINUS ? -a : n->op == T_TILDE ? ~a : n->op == T_NOT ? !a : a;
	} else if (n->kind == N_BINARY && n->l->kind == N_INT && n->r->kind == N_INT &&
		   n->l->type.kind == DT_INT && n->r->type.kind == DT_INT) {
		int shift = n->op == T_SHL || n->op == T_SHR;
		/* a shift keeps its left operand's type; the rest convert both */
		dtype ct = shift ? n->l->type : dsema_arith(n->l->type, n->r->type);
		a = (uint64_t)conv_const(n->l->ival, n->l->type, ct);
		b = shift ? (uint64_t)n->r->ival : (uint64_t)conv_const(n->r->ival, n->r->type, ct);
		int cs = ct.sign;
		switch (n->op) {
		case T_PLUS: r = a + b; break;
		case T_MINUS: r = a - b; break;
		case T_STAR: r = a * b; break;
		case T_SLASH: case T_PERCENT:
			if (b == 0 || (cs && (int64_t)b == -1))
				return;
			r = n->op == T_SLASH ? (cs ? (uint64_t)((int64_t)a / (int64_t)b) : a / b)
					     : (cs ? (uint64_t)((int64_t)a % (int64_t)b) : a % b);
			break;
		case T_AMP: r = a & b; break;
		case T_BOR: r = a | b; break;
		case T_XOR: r = a ^ b; break;
		case T_SHL: r = a << (b & 63); break;
		case T_SHR: r = n->l->type.sign ? (uint64_t)((int64_t)a >> (b & 63)) : a >> (b & 63); break;
		case T_EQ: r = a == b; break;
		case T_NE: r = a != b; break;
		case T_LT: r = cs ? (int64_t)a < (int64_t)b : a < b; break;
		case T_LE: r = cs ? (int64_t)a <= (int64_t)b : a <= b; break;
		case T_GT: r = cs ? (int64_t)a > (int64_t)b : a > b; break;
		case T_GE: r = cs ? (int64_t)a >= (int64_t)b : a >= b; break;
		case T_LAND: r = a && b; break;
		case T_LOR: r = a || b; break;
		case T_LXOR: r = !a != !b; break;
		default: return;
		}
	} else {
		return;
	}
	(void)sign;
	/* DTrace folds in 64 bits and keeps them all, as its arithmetic
	 * does at run time: (1 << 63) - 1 of ints is INT64_MAX */
	n->ival = n->kind == N_BINARY ? (int64_t)r : to_type((int64_t)r, n->type);
	n->kind = N_INT;
}

int dsema_const_expr(dcomp *c, dnode *n)
{
	switch (n->kind) {
	case N_INT:
		return 1;
	case N_IDENT:
		/* an enumerator or an integer inline declared before */
		for (int i = c->ninlines - 1; i >= 0; i--)
			if (!strcmp(c->inlines[i]->name, n->name) && !c->inlines[i]->nargs &&
			    c->inlines[i]->x && c->inlines[i]->x->kind == N_INT) {
				dloc loc = n->loc;
				*n = *c->inlines[i]->x;
				n->loc = loc;
				return 1;
			}
		return 0;
	case N_UNARY:
		if ((n->op != T_MINUS && n->op != T_PLUS && n->op != T_TILDE && n->op != T_NOT) ||
		    !dsema_const_expr(c, n->l))
			return 0;
		n->type = n->op == T_NOT ? DTYPE_INT(4, 1) : n->l->type;
		break;
	case N_BINARY:
		if (!dsema_const_expr(c, n->l) || !dsema_const_expr(c, n->r))
			return 0;
		switch (n->op) {
		case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
		case T_LAND: case T_LOR: case T_LXOR:
			n->type = DTYPE_INT(4, 1);
			break;
		case T_SHL: case T_SHR:
			n->type = n->l->type;
			break;
		default:
			n->type = dsema_arith(n->l->type, n->r->type);
		}
		break;
	case N_COND:
		if (!dsema_const_expr(c, n->x) || !dsema_const_expr(c, n->l) || !dsema_const_expr(c, n->r))
			return 0;
		dtype t = dsema_arith(n->l->type, n->r->type);
		n->ival = to_type(n->x->ival ? n->l->ival : n->r->ival, t);
		n->kind = N_INT;
		n->type = t;
		return 1;
	default:
		return 0;
	}
	dsema_fold(n);
	return n->kind == N_INT;
}

/* Is the clause @a[keys] = count() alone, keyed by probe names or
 * execname only, with no predicate but one the kernel tests exactly? */
static void count_only(const dclause *cl, dtr_clause *out)
{
	const dnode *n = cl->nstmts == 1 ? cl->stmts[0] : NULL;

	if ((cl->pred && !out->kfilter_exact) || !n || n->kind != N_ASSIGN || n->op != T_ASSIGN || n->l->kind != N_AGG ||
	    n->r->kind != N_CALL || strcmp(n->r->name, "count") || n->r->nargs)
		return;
	for (int i = 0; i < n->l->nargs; i++) {
		const dnode *k = n->l->args[i];
		if (k->kind != N_IDENT || k->refkind != REF_BUILTIN ||
		    (k->ref != PVM_B_PROBEFUNC && k->ref != PVM_B_PROBENAME && k->ref != PVM_B_PROBEMOD &&
		     k->ref != PVM_B_PROBEPROV && k->ref != PVM_B_EXECNAME))
			return;
		out->countkey[i] = (uint8_t)k->ref;
	}
	out->countagg = (uint16_t)(n->l->ref + 1);
}

/* The D result type of a subroutine. */
static dtype subr_type(dcomp *c, int id)
{
	switch (id) {
	case PVM_SUBR_STRLEN: return DTYPE_INT(8, 0);
	case PVM_SUBR_HTONS: case PVM_SUBR_NTOHS: return DTYPE_INT(2, 0);
	case PVM_SUBR_HTONL: case PVM_SUBR_NTOHL: case PVM_SUBR_GETMAJOR:
	case PVM_SUBR_GETMINOR: return DTYPE_INT(4, 0);
	case PVM_SUBR_HTONLL: case PVM_SUBR_NTOHLL: return DTYPE_INT(8, 0);
	case PVM_SUBR_STRTOLL: case PVM_SUBR_PROC: return DTYPE_INT(8, 1);
	case PVM_SUBR_COPYIN: case PVM_SUBR_ALLOCA: return dctype_ptr(c, DTYPE_VOID);
	case PVM_SUBR_COPYINTO: case PVM_SUBR_BCOPY: return DTYPE_VOID;
	default: return pvm_subrs[id].ret == PT_STR ? DTYPE_STR : DTYPE_INT(4, 1);
	}
}

void dsema_one_int_arg(dcomp *c, dnode *n, const char *proto)
{
	if (n->nargs != 1)
		dc_fail(c, n->loc, "D_PROTO_LEN", "%s( ) prototype mismatch: %d args passed, 1 expected",
			n->name, n->nargs);
	dsema_types(c, n->args[0]);
	if (!is_int(n->args[0]->type))
		dc_fail(c, n->args[0]->loc, "D_PROTO_ARG", "%s( ) argument #1 is incompatible with "
			"prototype:\n\tprototype: %s\n\t argument: %s", n->name, proto,
			dsema_type_name(c, n->args[0]->type));
}

/* The calls that stack_call() types: stack traces, stack([n]) and
 * ustack([n[, strsize]]), and the symbols of an address, sym(), func(),
 * mod(), usym(), ufunc(), umod(), uaddr(); form: enum pvm_stackform. */
static const struct stackfn {
	const char *name;
	uint8_t form, user;
} stackfns[] = {
	{ "stack", PVM_STACK, 0 }, { "ustack", PVM_STACK, 1 },
	{ "sym", PVM_SYM, 0 }, { "func", PVM_FUNC, 0 }, { "mod", PVM_MOD, 0 },
	{ "usym", PVM_SYM, 1 }, { "ufunc", PVM_FUNC, 1 }, { "umod", PVM_MOD, 1 },
	{ "uaddr", PVM_ADDR, 1 },
};

static const struct stackfn *find_stackfn(const char *name)
{
	for (size_t i = 0; i < sizeof(stackfns) / sizeof(stackfns[0]); i++)
		if (!strcmp(stackfns[i].name, name))
			return &stackfns[i];
	return NULL;
}

int dsema_is_stackfn(const char *name)
{
	return find_stackfn(name) != NULL;
}

static int stack_call(dcomp *c, dnode *n)
{
	const struct stackfn *sf = find_stackfn(n->name);

	if (!sf)
		return 0;
	if (sf->form == PVM_STACK) {
		int user = sf->user;
		int64_t frames = 0;
		if (n->nargs > 1 + user)
			dc_fail(c, n->loc, "D_PROTO_LEN", "%s( ) prototype mismatch: %d args passed, "
				"at most %d expected", n->name, n->nargs, 1 + user);
		if (n->nargs >= 1) {
			dsema_types(c, n->args[0]);
			if (n->args[0]->kind != N_INT || n->args[0]->ival <= 0)
				dc_fail(c, n->args[0]->loc, "D_STACK_SIZE", "%s( ) size must be a positive "
					"integer constant", n->name);
			frames = n->args[0]->ival > PVM_MAX_FRAMES ? PVM_MAX_FRAMES : n->args[0]->ival;
		}
		n->type = (dtype){ .kind = DT_STACK, .form = PVM_STACK, .user = (uint8_t)user };
		n->ival = frames;
		n->nargs = 0;
		if (user)
			c->prog->ustack = 1;
		else
			c->prog->kstack = 1;
		return 1;
	}
	dsema_one_int_arg(c, n, "uintptr_t");
	n->type = (dtype){ .kind = DT_STACK, .form = sf->form, .user = sf->user };
	if (sf->user)
		c->prog->usyms = 1;
	else
		c->prog->syms = 1;
	return 1;
}

int dsema_known_subr(const char *name)
{
	if (find_stackfn(name))
		return 1;
	for (int i = 0; i < PVM_NSUBRS; i++)
		if (!strcmp(pvm_subrs[i].name, name))
			return 1;
	return 0;
}

/* DTrace's subroutines and actions that act on the kernel, or on a process
 * at the moment of the event: their prototypes as DTrace checks them, and
 * why dtr cannot do what they do. destructive: an action that may not
 * follow speculate(). */
#define KLOCK "it reads a kernel lock, and dtr reads no kernel memory"
#define LATE "dtr runs clauses after the event, so a write into the process would land at an " \
	     "unrelated moment"
static const struct kernel_only {
	const char *name;
	int nargs, destructive;
	const char *proto[3];
	const char *why;
} kernel_only[] = {
	{ "chill", 1, 1, { "int" }, "dtr runs clauses after the event, so it cannot hold the traced thread" },
	{ "breakpoint", 0, 1, { 0 }, "dtr has no kernel debugger to enter" },
	{ "panic", 0, 1, { 0 }, "dtr does not panic the kernel" },
	{ "copyout", 3, 1, { "void *", "uintptr_t", "size_t" }, LATE },
	{ "copyoutstr", 3, 1, { "char *", "uintptr_t", "size_t" }, LATE },
	{ "mutex_owned", 1, 0, { "struct mutex *" }, KLOCK },
	{ "mutex_owner", 1, 0, { "struct mutex *" }, KLOCK },
	{ "mutex_type_adaptive", 1, 0, { "struct mutex *" }, KLOCK },
	{ "mutex_type_spin", 1, 0, { "struct mutex *" }, KLOCK },
	{ "rw_read_held", 1, 0, { "rwlock_t *" }, KLOCK },
	{ "rw_write_held", 1, 0, { "rwlock_t *" }, KLOCK },
	{ "rw_iswriter", 1, 0, { "rwlock_t *" }, KLOCK },
};
#undef KLOCK
#undef LATE

static const struct kernel_only *find_kernel_only(const char *name)
{
	for (size_t i = 0; i < sizeof(kernel_only) / sizeof(kernel_only[0]); i++)
		if (!strcmp(kernel_only[i].name, name))
			return &kernel_only[i];
	return NULL;
}

int dsema_kernel_destructive(const char *name)
{
	const struct kernel_only *k = find_kernel_only(name);

	return k && k->destructive;
}

/* A kernel-only call: its arguments checked against DTrace's prototype;
 * the call itself is refused once the clause's other checks are made. */
static void kernel_only_call(dcomp *c, dnode *n, const struct kernel_only *k)
{
	if (n->nargs != k->nargs)
		dc_fail(c, n->loc, "D_PROTO_LEN", "%s( ) prototype mismatch: %d arg%s passed, %d expected",
			n->name, n->nargs, n->nargs == 1 ? "" : "s", k->nargs);
	for (int i = 0; i < n->nargs; i++) {
		const char *p = k->proto[i];
		dtype t = DTYPE_VOID;
		if (!dact_is_call(n->args[i])) {
			dsema_types(c, n->args[i]);
			t = n->args[i]->type;
		}
		int ok = !strcmp(p, "int") ? is_int(t) : !strcmp(p, "char *") || !strcmp(p, "void *")
			 ? is_str(t) || is_scalar(t) : is_scalar(t);
		if (!ok)
			dc_fail(c, n->args[i]->loc, "D_PROTO_ARG", "%s( ) argument #%d is incompatible with "
				"prototype:\n\tprototype: %s\n\t argument: %s", n->name, i + 1, p,
				dsema_type_name(c, t));
	}
	if (!c->unavail)
		c->unavail = n;
	n->type = DTYPE_INT(4, 1);
}

/* A size option: the last #pragma's value, else dflt (the command line's). */
static uint64_t size_option(dcomp *c, const char *name, uint64_t dflt)
{
	uint64_t v = dflt;

	for (int i = 0; i < c->prog->nopts; i++) {
		const dtr_option *o = &c->prog->opts[i];
		char *end;
		if (strcmp(o->name, name) || !o->value)
			continue;
		v = strtoull(o->value, &end, 0);
		switch (tolower((unsigned char)*end)) {
		case 'k': v <<= 10; break;
		case 'm': v <<= 20; break;
		case 'g': v <<= 30; break;
		}
	}
	return v;
}

/* The scratchsize option (0: unchecked), rounded up to 8 bytes as DTrace
 * rounds it. */
static uint64_t scratch_bound(dcomp *c)
{
	return (size_option(c, "scratchsize", c->in->scratchsize) + 7) & ~(uint64_t)7;
}

uint32_t dsema_strsize(dcomp *c)
{
	uint64_t v = size_option(c, "strsize", c->in->strsize);

	return v > 4096 ? 4096 : (uint32_t)v; /* the runtime's bound */
}

static void subr_call(dcomp *c, dnode *n)
{
	int id = -1;
	const struct kernel_only *k;

	if (stack_call(c, n))
		return;
	if ((k = find_kernel_only(n->name))) {
		kernel_only_call(c, n, k);
		return;
	}
	for (int i = 0; i < PVM_NSUBRS; i++)
		if (!strcmp(pvm_subrs[i].name, n->name))
			id = i;
	if (id < 0 && dact_func_value(c, n))
		return;
	if (id < 0)
		dc_fail(c, n->loc, "D_PROC_BADFUNC", "undefined function name: %s", n->name);
	const pvm_subrinfo *si = &pvm_subrs[id];
	/* strtok(NULL, delim) continues the last string: called with delim alone */
	if (id == PVM_SUBR_STRTOK && n->nargs == 2 && is_var(n->args[0]) && n->args[0]->kind == N_IDENT &&
	    !strcmp(n->args[0]->name, "NULL")) {
		n->args[0] = n->args[1];
		n->nargs = 1;
	} else if (n->nargs < si->minargs || n->nargs > si->maxargs ||
		   (id == PVM_SUBR_STRTOK && n->nargs != 2)) {
		dc_fail(c, n->loc, "D_PROTO_LEN", "%s( ) prototype mismatch: %d arg%s passed, %d expected",
			n->name, n->nargs, n->nargs == 1 ? "" : "s", si->minargs);
	}
	/* copyinstr(argN): uprobe providers capture the string at the event;
	 * copies of any argN are read early, of other addresses all are */
	int argn = n->nargs && n->args[0]->kind == N_IDENT && !strncmp(n->args[0]->name, "arg", 3) &&
		   n->args[0]->name[3] >= '0' && n->args[0]->name[3] <= '9' && !n->args[0]->name[4] ?
		   n->args[0]->name[3] - '0' : -1;
	if (id == PVM_SUBR_COPYINSTR && argn >= 0)
		c->cur_ustr |= (uint16_t)(1u << argn);
	if (id == PVM_SUBR_COPYINSTR || id == PVM_SUBR_COPYIN || id == PVM_SUBR_COPYINTO)
		c->cur_copyin |= argn >= 0 ? (uint16_t)(1u << argn) : DTR_COPY_ANY;
	for (int i = 0; i < n->nargs; i++) {
		int k = id == PVM_SUBR_STRTOK && n->nargs == 1 ? 1 : i;
		int want = si->types[k] == 's' ? DT_STRING : DT_INT;
		dsema_node(c, n->args[i]);
		dmem_decay(c, n->args[i], want == DT_STRING);
		if (want == DT_STRING && !is_str(n->args[i]->type) && dmem_str_arg(c, n->args[i]))
			dmem_str_at(c, n->args[i]); /* a char * that is not a D string */
		if (si->types[k] == 'a' && is_str(n->args[i]->type))
			continue; /* bcopy() copies from a string too */
		if (n->args[i]->type.kind != want && !(want == DT_INT && is_ptr(n->args[i]->type)))
			dc_fail(c, n->args[i]->loc, "D_PROTO_ARG", "%s( ) argument #%d is incompatible with "
				"prototype:\n\tprototype: %s\n\t argument: %s", n->name, i + 1,
				want == DT_STRING ? "char *" : "int64_t", dsema_type_name(c, n->args[i]->type));
	}
	if (id == PVM_SUBR_COPYINTO && !is_ptr(n->args[2]->type))
		dc_fail(c, n->args[2]->loc, "D_PROTO_ARG", "copyinto( ) argument #3 is incompatible with "
			"prototype:\n\tprototype: void *\n\t argument: %s",
			dsema_type_name(c, n->args[2]->type));
	if (id == PVM_SUBR_INET_NTOA6) {
		/* inet_ntoa6(in6_addr_t *addr [, int strict]), strict a constant; dtr
		 * also takes a byte buffer (uint8_t *) for the address */
		dtype t = n->args[0]->type, e = is_ptr(t) ? elem_of(c, t) : t;
		if (is_ptr(t) && e.kind != DT_VOID && e.kind != DT_STRUCT && !(e.kind == DT_INT && e.size == 1))
			dc_fail(c, n->args[0]->loc, "D_PROTO_ARG", "inet_ntoa6( ) argument #1 is incompatible "
				"with prototype:\n\tprototype: in6_addr_t *\n\t argument: %s",
				dsema_type_name(c, t));
		if (n->nargs > 1 && n->args[1]->kind != N_INT)
			dc_fail(c, n->args[1]->loc, "D_PROTO_ARG", "inet_ntoa6( ) argument #2 must be an "
				"integer constant");
	}
	if (id == PVM_SUBR_ALLOCA || id == PVM_SUBR_COPYIN) {
		/* a constant size past scratchsize can never be had */
		const dnode *sz = n->args[id == PVM_SUBR_COPYIN];
		uint64_t bound = scratch_bound(c);
		if (sz->kind == N_INT && bound && (uint64_t)sz->ival > bound)
			dc_fail(c, sz->loc, "D_ALLOCA_SIZE", "%s(%llu) size larger than scratchsize %llu",
				id == PVM_SUBR_ALLOCA ? "alloca" : "copyin", (unsigned long long)sz->ival,
				(unsigned long long)bound);
	}
	n->ref = id;
	n->refkind = REF_SUBR;
	n->type = subr_type(c, id);
}

void dsema_clause_probes(dcomp *c, void (*cb)(const prov_probe *p, void *arg), void *arg)
{
	for (int i = 0; c->cur && i < c->cur->nspecs; i++) {
		dtr_probespec *ps = &c->cur->specs[i];
		prov_match(ps->prov, ps->mod, ps->func, ps->name, cb, arg);
	}
}

typedef struct fieldq {
	const char *name;
	prov_field f;
	int found, missing, differ;
	const prov_probe *first_missing;
} fieldq;

static void field_probe(const prov_probe *p, void *arg)
{
	fieldq *q = arg;
	prov_field f;

	if (prov_field_of(p->id, q->name, &f) < 0) {
		if (!q->missing++)
			q->first_missing = p;
		return;
	}
	if (q->found++ && (f.offset != q->f.offset || f.size != q->f.size || f.kind != q->f.kind ||
			   f.is_signed != q->f.is_signed))
		q->differ = 1;
	q->f = f;
}

typedef struct argq {
	int n, found, missing, differ;
	prov_field f;
} argq;

static void arg_probe(const prov_probe *p, void *arg)
{
	argq *q = arg;
	prov_field f;

	if (prov_argtype_of(p->id, q->n, &f) < 0) {
		q->missing++;
		return;
	}
	if (q->found++ && (f.size != q->f.size || f.is_signed != q->f.is_signed))
		q->differ = 1;
	q->f = f;
}

/* args[n]'s type when every probe of the clause gives the same one. */
static int args_type(dcomp *c, int n, dtype *t)
{
	argq q = { .n = n };

	if (dkfetch_argtype(c, n, t))
		return 1;
	dsema_clause_probes(c, arg_probe, &q);
	if (!q.found || q.missing || q.differ)
		return 0;
	*t = DTYPE_INT((uint8_t)q.f.size, q.f.is_signed);
	return 1;
}

/* Does the clause match only probes with at most n arguments (BEGIN and
 * END have none, the providers that type args[] know how many)? */
typedef struct noargq {
	int n;
	const prov_probe *first;
	int others;
} noargq;

static void noarg_probe(const prov_probe *p, void *arg)
{
	noargq *q = arg;
	prov_field f;

	if (p->id == PROV_ID_BEGIN || p->id == PROV_ID_END ||
	    prov_argtype_of(p->id, q->n, &f) == -ERANGE) {
		if (!q->first)
			q->first = p;
	} else {
		q->others = 1;
	}
}

/* args[N] (n) of a clause whose probes have fewer arguments */
static void args_none(dcomp *c, const dnode *n)
{
	noargq q = { .n = (int)n->args[0]->ival };

	dsema_clause_probes(c, noarg_probe, &q);
	if (q.first && !q.others)
		dc_fail(c, n->loc, "D_ARGS_IDX", "index %lld is out of range for %s:%s:%s:%s args[ ]",
			(long long)n->args[0]->ival, q.first->provname, q.first->mod, q.first->func,
			q.first->name);
}

/* args->name: the field of the clause's probes' records, the same in all. */
static void args_member(dcomp *c, dnode *n)
{
	fieldq q = { .name = n->name };
	pvm_prog *vm = &c->prog->vm;

	dsema_clause_probes(c, field_probe, &q);
	if (q.missing || !q.found)
		dc_fail(c, n->loc, "D_XLATE_NOCONV", "args->%s is not a field of %s", n->name,
			q.first_missing ? q.first_missing->name : "these probes");
	if (q.differ)
		dc_fail(c, n->loc, "D_XLATE_NOCONV", "args->%s has different types in the probes of "
			"this clause", n->name);
	if (q.f.kind == PF_INT && q.f.size != 1 && q.f.size != 2 && q.f.size != 4 && q.f.size != 8)
		dc_fail(c, n->loc, "D_XLATE_NOCONV", "args->%s is an array of %u bytes, which D cannot "
			"read as a value", n->name, q.f.size);
	vm->fields = darena_push(c->arena, vm->fields, (int)vm->nfields, sizeof(*vm->fields));
	vm->fields[vm->nfields] = (pvm_field){ q.f.offset, q.f.size,
					       q.f.kind == PF_ARRAY ? PVM_FLD_BYTES : q.f.kind, q.f.is_signed };
	n->ref = (int)vm->nfields++;
	n->type = q.f.kind == PF_INT ? DTYPE_INT((uint8_t)q.f.size, q.f.is_signed) :
		  q.f.kind == PF_ARRAY ? DTYPE_INT(8, 0) : DTYPE_STR;
	if (q.f.kind == PF_ARRAY) {
		/* an array field: its copy in scratch memory */
		dnode *ldx = dnode_new(c, N_MEMBER, n->loc);
		*ldx = *n;
		dmem_deref(c, n, ldx, dctype_array(c, DTYPE_INT(q.f.elemsize, q.f.is_signed),
						   q.f.size / q.f.elemsize));
	}
}

void dsema_types(dcomp *c, dnode *n)
{
	dsema_node(c, n);
	dmem_decay(c, n, 1);
}


void dsema_node(dcomp *c, dnode *n)
{
	if (dkfetch_rewrite(c, n))
		return;
	switch (n->kind) {
	case N_INT:
		if (!n->type.kind)
			n->type = DTYPE_INT(4, 1);
		return;
	case N_STR:
		n->type = DTYPE_STR;
		if (strlen(n->sval) > c->in->strsize)
			n->sval[c->in->strsize] = 0;
		return;
	case N_MACRO:
		macro(c, n);
		if (n->kind == N_STR || n->kind == N_IDENT)
			dsema_types(c, n);
		return;
	case N_INDEX:
		if (n->l->kind == N_IDENT && !strcmp(n->l->name, "args") && n->nargs == 1) {
			/* args[N]: the probe's argument N */
			dsema_types(c, n->args[0]);
			if (n->args[0]->kind != N_INT)
				dc_fail(c, n->loc, "D_PROTO_ARG", "args[ ] argument #1 is incompatible with "
					"prototype:\n\tprototype: integer constant\n\t argument: %s",
					dsema_type_name(c, n->args[0]->type));
			args_none(c, n);
			if (n->args[0]->ival < 0 || n->args[0]->ival > 9)
				dc_fail(c, n->loc, "D_ARGS_IDX", "index of args[ ] must be a constant "
					"from 0 to 9");
			int idx = (int)n->args[0]->ival;
			if (dxlate_arg(c, n, idx)) {
				dsema_node(c, n);
				return;
			}
			n->kind = N_IDENT;
			n->name = darena_alloc(c->arena, 8);
			snprintf(n->name, 8, "arg%d", idx);
			dtype t;
			if (args_type(c, idx, &t)) {
				/* typed as the provider says: argN cast to it */
				dnode *a = dnode_new(c, N_IDENT, n->loc);
				a->name = n->name;
				n->kind = N_CAST;
				n->l = a;
				n->type = t;
				dsema_types(c, n);
				return;
			}
		}
		if (dmem_is_index(c, n)) {
			dmem_index(c, n);
			return;
		}
		/* fall through */
	case N_IDENT: case N_SELF: case N_THIS:
		var_ref(c, n, 0, DTYPE_VOID);
		return;
	case N_DEREF: case N_GADDR:
		return; /* typed already */
	case N_XLATE:
		dc_fail(c, n->loc, "D_XLATE_USE", "xlate( ) needs a member: xlate <T> (e).member or "
			"xlate <T *> (e)->member");
	case N_MEMBER:
		if (n->l->kind == N_IDENT && !strcmp(n->l->name, "args") && n->op == T_ARROW) {
			args_member(c, n);
			return;
		}
		if (n->l->kind == N_IDENT)
			inline_xlate(c, n->l);
		if (dxlate_member(c, n)) {
			dsema_node(c, n);
			return;
		}
		dmem_member(c, n);
		return;
	case N_CAST:
		if (n->l->kind == N_XLATE) /* a translated value is not a scalar to convert */
			dc_fail(c, n->loc, "D_CAST_INVAL", "invalid cast expression: \"%s\" to \"%s\"",
				dsema_type_name(c, n->l->type), dsema_type_name(c, n->type));
		dsema_types(c, n->l);
		if (is_str(n->type) && is_scalar(n->l->type)) {
			/* (string)p of a pointer or an address: the string at p */
			dmem_deref(c, n, n->l, DTYPE_STR);
			return;
		}
		if (n->l->type.kind == DT_STRUCT && dtype_same(n->l->type, n->type) &&
		    n->l->type.ref == n->type.ref) {
			*n = *n->l; /* (struct s)e of a struct s: e itself */
			return;
		}
		if (is_float(n->l->type) && dtype_same(n->l->type, n->type)) {
			*n = *n->l; /* a cast to its own type; to or from any other is refused */
			return;
		}
		if (!is_scalar(n->l->type) || !is_scalar(n->type))
			dc_fail(c, n->loc, "D_CAST_INVAL", "invalid cast expression: \"%s\" to \"%s\"",
				dsema_type_name(c, n->l->type), dsema_type_name(c, n->type));
		dsema_fold(n);
		return;
	case N_AGG:
		/* @a as a value has DTrace's dynamic type: no operator or call takes it, and
		 * they say so (void here, with the node left an N_AGG) */
		n->type = DTYPE_VOID;
		return;
	case N_UNARY:
		if (n->op == T_STAR) {
			dsema_types(c, n->l);
			if (!is_ptr(n->l->type))
				dc_fail(c, n->loc, "D_DEREF_NONPTR", "cannot dereference non-pointer type");
			dmem_deref(c, n, n->l, elem_of(c, n->l->type));
			return;
		}
		if (n->op == T_AMP) {
			/* &x of a D variable, struct and array ones included, or @a (not of a
			 * `kernel symbol); &x.member is an address */
			int mg = (n->l->kind == N_IDENT && !strchr(n->l->name, '`')) || n->l->kind == N_SELF ||
				 n->l->kind == N_THIS ? dmem_object(c, n->l->name, n->l->kind) : -2;
			if (n->l->kind == N_AGG || mg >= -1)
				dc_fail(c, n->loc, "D_ADDROF_VAR", "cannot take address of dynamic variable");
			dsema_node(c, n->l);
			if (n->l->kind != N_DEREF || is_str(n->l->type))
				dc_fail(c, n->loc, "D_ADDROF_LVAL", "unacceptable operand for unary & operator");
			if (n->l->bits)
				dc_fail(c, n->loc, "D_ADDROF_BITFIELD", "cannot take address of bit-field");
			dmem_retype(n, n->l->l, dctype_ptr(c, n->l->type));
			return;
		}
		if (n->op == T_NOT) {
			dsema_types(c, n->l);
			if (!is_scalar(n->l->type))
				dc_fail(c, n->loc, "D_OP_SCALAR", "operator ! requires an operand of scalar type");
			n->type = DTYPE_INT(4, 1);
			dsema_fold(n);
			return;
		}
		if ((n->op == T_INC || n->op == T_DEC) && is_var(n->l) && !dmem_is_lvalue(c, n->l))
			var_ref(c, n->l, 1, DTYPE_INT(8, 1)); /* x++ declares an int64_t x, as DTrace */
		else
			dsema_types(c, n->l);
		if ((n->op == T_INC || n->op == T_DEC) && !is_scalar(n->l->type))
			dc_fail(c, n->loc, "D_OP_SCALAR", "operator %s requires operand of scalar type",
				dtok_names[n->op]);
		if ((n->op == T_MINUS || n->op == T_PLUS) && !is_int(n->l->type))
			dc_fail(c, n->loc, "D_OP_ARITH", "operator %s requires an operand of arithmetic type",
				dtok_names[n->op]);
		if (!is_int(n->l->type))
			dc_fail(c, n->loc, "D_OP_INT", "operator %s requires an operand of integral type",
				dtok_names[n->op]);
		if (n->op == T_INC || n->op == T_DEC) {
			if (n->l->refkind != REF_VAR && n->l->kind != N_DEREF)
				dc_fail(c, n->loc, "D_OP_LVAL", "operator %s requires modifiable lvalue "
					"as an operand", dtok_names[n->op]);
			dmem_store_to(n->l);
		}
		n->type = n->op == T_NOT ? DTYPE_INT(4, 1) : n->l->type;
		dsema_fold(n);
		return;
	case N_POSTFIX:
		if (is_var(n->l) && !dmem_is_lvalue(c, n->l))
			var_ref(c, n->l, 1, DTYPE_INT(8, 1));
		else
			dsema_types(c, n->l);
		if (!is_scalar(n->l->type))
			dc_fail(c, n->loc, "D_OP_SCALAR", "operator %s requires operand of scalar type",
				dtok_names[n->op]);
		if ((n->l->refkind != REF_VAR && n->l->kind != N_DEREF) || !is_int(n->l->type))
			dc_fail(c, n->loc, "D_OP_LVAL", "operator %s requires modifiable lvalue as an operand",
				dtok_names[n->op]);
		dmem_store_to(n->l);
		n->type = n->l->type;
		return;
	case N_BINARY:
		dsema_types(c, n->l);
		dsema_types(c, n->r);
		if (n->op == T_COMMA) {
			/* l, r: l for its effects, then r's value */
			if (dact_is_funcval(n->l) || dact_is_funcval(n->r))
				dc_fail(c, n->loc, "D_OP_ACT", "operator , operands cannot be actions");
			n->type = n->r->type;
			return;
		}
		if ((n->op == T_PLUS || n->op == T_MINUS) && dmem_ptr_arith(c, n))
			return;
		binary_types(c, n);
		dsema_fold(n);
		return;
	case N_COND:
		dsema_types(c, n->x);
		dsema_types(c, n->l);
		dsema_types(c, n->r);
		if (!is_scalar(n->x->type))
			dc_fail(c, n->x->loc, "D_OP_SCALAR", "operator ?: expression must be of scalar type");
		if (n->l->type.kind == DT_VOID && n->r->type.kind == DT_VOID &&
		    (dact_is_funcval(n->l) || dact_is_funcval(n->r)))
			dc_fail(c, n->loc, "D_OP_ACT", "action cannot be used in a conditional context");
		if (is_float(n->l->type) || is_float(n->r->type)) {
			if (!dtype_same(n->l->type, n->r->type))
				dc_fail(c, n->loc, "D_OP_INCOMPAT", "operator ?: operands must have "
					"compatible types");
			n->type = n->l->type;
			return;
		}
		if (is_str(n->l->type) != is_str(n->r->type) || !(is_str(n->l->type) || is_scalar(n->l->type)) ||
		    !(is_str(n->r->type) || is_scalar(n->r->type)))
			dc_fail(c, n->loc, "D_OP_INCOMPAT", "operator ?: operands must have compatible types");
		n->type = is_str(n->l->type) ? DTYPE_STR : is_ptr(n->l->type) ? n->l->type :
			  is_ptr(n->r->type) ? n->r->type : dsema_arith(n->l->type, n->r->type);
		return;
	case N_ASSIGN:
		assignment(c, n);
		return;
	case N_CALL:
		subr_call(c, n);
		return;
	case N_SIZEOF:
		dsema_node(c, n->l);
		if (n->l->kind == N_DEREF && n->l->bits)
			dc_fail(c, n->loc, "D_SIZEOF_BITFIELD", "cannot apply sizeof to a bit-field");
		if (n->l->type.kind == DT_VOID)
			dc_fail(c, n->loc, "D_SIZEOF_TYPE", "cannot apply sizeof to an operand of unknown size");
		n->kind = N_INT;
		/* a string literal's size is its length and NUL; a string's, strsize */
		n->ival = n->l->kind == N_STR ? (int64_t)strlen(n->l->sval) + 1 :
			  is_str(n->l->type) ? dsema_strsize(c) : dtype_sizeof(&c->prog->types, n->l->type);
		n->type = DTYPE_INT(8, 0);
		return;
	case N_OFFSETOF: {
		/* sizeof (type), or offsetof(type, member) when name is set */
		int complete = dctype_defined(c, n->type);
		if (n->name && (n->type.kind != DT_STRUCT || !complete))
			dc_fail(c, n->loc, "D_OFFSETOF_TYPE", "offsetof operand must be a struct or union type");
		if (n->type.kind == DT_STRUCT && !complete)
			dc_fail(c, n->loc, "D_SIZEOF_TYPE", "cannot apply %s to incomplete type %s",
				n->name ? "offsetof" : "sizeof", dsema_type_name(c, n->type));
		if (n->name) {
			const dmember *m = n->type.kind == DT_STRUCT ? dctype_member(c, n->type, n->name) : NULL;
			if (n->type.kind != DT_STRUCT)
				dc_fail(c, n->loc, "D_OFFSETOF_TYPE", "offsetof( ) first argument must be "
					"a struct or union type");
			if (!m)
				dc_fail(c, n->loc, "D_UNKNOWN", "failed to determine offset of %s: Member "
					"name not found", n->name);
			if (m->bits)
				dc_fail(c, n->loc, "D_OFFSETOF_BITFIELD", "cannot take offset of a "
					"bit-field: %s", n->name);
			n->ival = m->offset;
		} else {
			if (n->type.kind == DT_VOID)
				dc_fail(c, n->loc, "D_SIZEOF_TYPE", "cannot apply sizeof to type void");
			n->ival = is_str(n->type) ? dsema_strsize(c) : dtype_sizeof(&c->prog->types, n->type);
		}
		n->kind = N_INT;
		n->type = DTYPE_INT(8, 0);
		return;
	}
	case N_STRINGOF:
		dsema_types(c, n->l);
		if (is_scalar(n->l->type)) {
			/* stringof(p): the string at address p */
			dmem_deref(c, n, n->l, DTYPE_STR);
			return;
		}
		if (!is_str(n->l->type))
			dc_fail(c, n->loc, "D_STRINGOF_TYPE", "cannot apply stringof to a value of type %s",
				dsema_type_name(c, n->l->type));
		*n = *n->l;
		return;
	default:
		dc_fail(c, n->loc, "D_SYNTAX", "unsupported expression");
	}
}

/* An inline's name may not be another inline's nor a built-in variable's or
 * function's */
static void inline_name_check(dcomp *c, int i)
{
	const dnode *d = c->inlines[i];
	int clash = find_builtin(d->name) >= 0;

	for (int j = 0; j < i; j++)
		clash |= !strcmp(c->inlines[j]->name, d->name);
	for (int k = 0; k < PVM_NSUBRS; k++)
		clash |= pvm_subrs[k].name && !strcmp(pvm_subrs[k].name, d->name);
	if (clash)
		dc_fail(c, d->loc, "D_DECL_IDRED", "identifier redefined: %s", d->name);
}

/* Inline i's value, typed where it is declared (the inline itself and later
 * ones not yet known): a constant becomes the inline's value; any other
 * expression is kept untyped in r, typed again where the inline is used. */
static void inline_type(dcomp *c, int i)
{
	dnode *d = c->inlines[i];
	int ninlines = c->ninlines;

	d->r = dnode_copy(c, d->x);
	if (d->nargs)
		return; /* typed where it is used, with its arguments */
	if (d->x->kind == N_XLATE) {
		/* a translated struct: its members are translated where used */
		if (!dtype_same(d->type, d->x->type) || d->type.ref != d->x->type.ref)
			dc_fail(c, d->loc, "D_OP_INCOMPAT", "inline %s: value is incompatible with its "
				"type", d->name);
		return;
	}
	c->ninlines = i;
	dsema_types(c, d->x);
	c->ninlines = ninlines;
	int is_const = d->x->kind == N_INT || d->x->kind == N_STR;
	dtype t = d->x->type;
	if (d->type.kind == DT_VOID || (d->type.kind == DT_STRING) != (t.kind == DT_STRING) ||
	    (d->type.kind == DT_STRUCT) != (t.kind == DT_STRUCT) ||
	    (d->type.kind == DT_STRUCT && d->type.ref != t.ref) || t.kind == DT_STACK)
		dc_fail(c, d->loc, "D_OP_INCOMPAT", "inline %s: value is incompatible with its type",
			d->name);
	if (!is_const)
		return;
	d->r = NULL;
	if (d->x->kind == N_INT) {
		d->x->ival = to_type(d->x->ival, d->type);
		d->x->type = d->type;
	}
}

void dsema_program(dcomp *c)
{
	dtr_program *p = c->prog;

	int ninlines = c->ninlines;

	for (int i = 0; i < ninlines; i++)
		inline_name_check(c, i);
	for (int i = 0; i < c->ndecls; i++) {
		dnode *d = c->decls[i];
		int scope = d->kind == N_SELF ? PVM_THREAD : d->kind == N_THIS ? PVM_CLAUSE :
			    d->nargs ? PVM_ARRAY : PVM_GLOBAL;
		if (dsema_find_var(c, d->name, scope) >= 0 || (scope <= PVM_GLOBAL && find_builtin(d->name) >= 0))
			dc_fail(c, d->loc, "D_DECL_IDRED", "identifier redeclared: %s", d->name);
		for (int k = 0; k < d->nargs; k++)
			if (d->args[k]->type.kind == DT_VOID)
				dc_fail(c, d->loc, "D_DECL_PROTO_TYPE", "array prototype may not use parameter "
					"of type void: (anonymous), parameter #%d", k + 1);
		dsema_add_var(c, d->name, scope, d->type, d->args, d->nargs);
	}
	for (int i = 0; i < c->nmglobals; i++) {
		/* struct and array variables live in the VM's global, clause-local
		 * or thread-local memory */
		dnode *d = c->mglobals[i];
		int scope = d->kind == N_THIS ? PVM_CLAUSE : d->kind == N_SELF ? PVM_THREAD : PVM_GLOBAL;
		if (dmem_object(c, d->name, d->kind) != i || dsema_find_var(c, d->name, scope) >= 0 ||
		    (scope == PVM_GLOBAL && find_builtin(d->name) >= 0))
			dc_fail(c, d->loc, "D_DECL_IDRED", "identifier redeclared: %s", d->name);
		dmem_place(c, d);
	}
	for (int i = 0; i < ninlines; i++)
		inline_type(c, i);
	dxlate_check(c);
	p->clauses = darena_alloc(c->arena, sizeof(*p->clauses) * (size_t)(c->nclauses + 1));
	for (int i = 0; i < c->nclauses; i++) {
		dclause *cl = &c->clauses[i];
		int records = cl->nstmts == 0;
		c->cur = cl;
		c->cur_copyin = 0;
		c->cur_ustr = 0;
		if (cl->pred) {
			c->pred_sema = 1;
			dsema_node(c, cl->pred);
			c->pred_sema = 0;
			int array = cl->pred->type.kind == DT_ARRAY; /* not a pointer here */
			dmem_decay(c, cl->pred, 1);
			if (array || !is_scalar(cl->pred->type))
				dc_fail(c, cl->pred->loc, "D_PRED_SCALAR", "predicate result must be of scalar type");
		}
		for (int s = 0; s < cl->nstmts; s++)
			dact_statement(c, cl->stmts[s], &records);
		dact_spec_rules(c, cl);
		if (c->unavail && c->unavail->kind == N_IDENT)
			dc_fail(c, c->unavail->loc, "D_IDENT_UNSUP", "built-in variable %s is not "
				"available on Linux: %s", c->unavail->name, c->unavail->sval);
		if (c->unavail)
			dc_fail(c, c->unavail->loc, "D_IDENT_UNSUP", "%s( ) is not available on Linux: %s",
				c->unavail->name, find_kernel_only(c->unavail->name)->why);
		p->clauses[i] = (dtr_clause){ cl->specs, cl->nspecs, records, c->cur_copyin, cl->loc,
					      c->cur_ustr, 0, { 0 }, NULL, 0, 0, NULL };
		dpush_predicate(c, cl->pred, &p->clauses[i]);
		count_only(cl, &p->clauses[i]);
	}
	if (c->destr)
		dc_fail(c, c->destr->loc, "D_ACT_DESTR", "%s( ) is a destructive action: "
			"destructive actions are not allowed without -w", c->destr->name);
	p->vm.nfmts = (uint32_t)c->nfmts;
	/* dynvarsize counts each element's value in bytes of its D type */
	for (uint32_t i = 0; i < p->vm.nvars; i++)
		if (p->vm.vars[i].type == PT_INT)
			p->vm.vars[i].vsize = dtype_sizeof(&p->types, c->vartypes[i]);
}
