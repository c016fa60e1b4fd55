/* Semantic analysis: resolves identifiers (built-ins, globals, macro
 * arguments), declares variables on first assignment and aggregations on
 * first use, types every expression with D's rules, and rejects what DTrace
 * rejects with its messages. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dc/ast.h"

/* D types of the built-in variables (pvm_builtins gives only int/string). */
static dtype builtin_type(int b)
{
	switch (b) {
	case PVM_B_PID: case PVM_B_TID: case PVM_B_PPID: case PVM_B_CPU: case PVM_B_ERRNO:
		return DTYPE_INT(4, 1);
	case PVM_B_UID: case PVM_B_GID: case PVM_B_EPID: case PVM_B_ID:
		return DTYPE_INT(4, 0);
	case PVM_B_TIMESTAMP: case PVM_B_VTIMESTAMP: case PVM_B_WALLTIMESTAMP:
		return DTYPE_INT(8, 0);
	default:
		return pvm_builtins[b].type == PT_STR ? DTYPE_STR : DTYPE_INT(8, 1);
	}
}

dtype dparse_type(dcomp *c, dloc loc, char **w, int n)
{
	int sign = 1, size = 0, longs = 0, str = 0;

	for (int i = 0; i < n; i++) {
		const char *s = w[i];
		if (!strcmp(s, "unsigned")) sign = 0;
		else if (!strcmp(s, "signed")) sign = 1;
		else if (!strcmp(s, "char")) size = 1;
		else if (!strcmp(s, "short")) size = 2;
		else if (!strcmp(s, "int")) { if (!size) size = 4; }
		else if (!strcmp(s, "long")) longs++;
		else if (!strcmp(s, "string")) str = 1;
		else if (!strncmp(s, "uint", 4) && isdigit((unsigned char)s[4])) { sign = 0; size = atoi(s + 4) / 8; }
		else if (!strncmp(s, "int", 3) && isdigit((unsigned char)s[3])) size = atoi(s + 3) / 8;
		else if (!strcmp(s, "uintptr_t") || !strcmp(s, "size_t")) { sign = 0; size = 8; }
		else if (!strcmp(s, "intptr_t") || !strcmp(s, "ssize_t")) size = 8;
		else if (!strcmp(s, "pid_t") || !strcmp(s, "id_t")) size = 4;
		else if (!strcmp(s, "uid_t") || !strcmp(s, "gid_t")) { sign = 0; size = 4; }
	}
	if (str)
		return DTYPE_STR;
	if (longs)
		size = 8;
	if (!size)
		size = 4;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		dc_fail(c, loc, "D_DECL_BADTYPE", "invalid type");
	return DTYPE_INT(size, sign);
}

static const char *type_name(dtype t)
{
	static const char *const s[2][9] = {
		{ 0, "uchar_t", "ushort_t", 0, "uint_t", 0, 0, 0, "uint64_t" },
		{ 0, "char", "short", 0, "int", 0, 0, 0, "int64_t" },
	};
	if (t.kind == DT_STRING)
		return "string";
	if (t.kind == DT_VOID)
		return "void";
	return s[t.sign][t.size] ? s[t.sign][t.size] : "int";
}

static int find_var(dcomp *c, const char *name)
{
	for (uint32_t i = 0; i < c->prog->vm.nvars; i++)
		if (!strcmp(c->prog->vm.vars[i].name, name))
			return (int)i;
	return -1;
}

static int add_var(dcomp *c, const char *name, dtype t)
{
	pvm_prog *vm = &c->prog->vm;
	int n = (int)vm->nvars;

	vm->vars = darena_push(c->arena, vm->vars, n, sizeof(*vm->vars));
	c->vartypes = darena_push(c->arena, c->vartypes, n, sizeof(*c->vartypes));
	vm->vars[n].name = darena_strndup(c->arena, name, strlen(name));
	vm->vars[n].type = t.kind == DT_STRING ? PT_STR : PT_INT;
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

static int is_int(dtype t) { return t.kind == DT_INT; }
static int is_str(dtype t) { return t.kind == DT_STRING; }

/* The usual arithmetic conversions as DTrace does them: rank by size, then
 * unsigned wins; no promotion to int. */
static dtype arith(dtype a, dtype b)
{
	if (a.size != b.size)
		return a.size > b.size ? a : b;
	return a.sign ? b : a;
}

static void expr_types(dcomp *c, dnode *n);

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
		int i = atoi(m);
		const char *v;
		if (i == 0)
			v = in->file ? in->file : "dtr";
		else if (i > in->argc)
			dc_fail(c, n->loc, "D_MACRO_UNDEF", "macro argument %s is not defined", n->name);
		else
			v = in->argv[i - 1];
		char *end;
		long long iv = strtoll(v, &end, 0);
		if (as_string || *end || !*v) {
			if (!as_string && i != 0)
				dc_fail(c, n->loc, "D_MACRO_UNUSED",
					"macro argument %s is not a valid integer: \"%s\" (use %s$%s for a string)",
					n->name, v, "$", m);
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
		if (in->target < 0)
			dc_fail(c, n->loc, "D_MACRO_UNDEF", "macro variable $target is not defined "
				"(use -c or -p)");
		v = in->target;
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

static void ident(dcomp *c, dnode *n)
{
	int b = find_builtin(n->name), v;

	if (b >= 0) {
		n->refkind = REF_BUILTIN;
		n->ref = b;
		n->type = builtin_type(b);
		return;
	}
	if ((v = find_var(c, n->name)) >= 0) {
		n->refkind = REF_GLOBAL;
		n->ref = v;
		n->type = c->vartypes[v];
		return;
	}
	dc_fail(c, n->loc, "D_IDENT_UNDEF", "failed to resolve %s: Unknown variable name", n->name);
}

_Noreturn static void op_incompat(dcomp *c, dnode *n, dtype a, dtype b)
{
	dc_fail(c, n->loc, "D_OP_INCOMPAT", "operator %s cannot be applied to %s and %s",
		dtok_names[n->op], type_name(a), type_name(b));
}

static int compound_base(int op)
{
	switch (op) {
	case T_ADD_EQ: return T_PLUS;
	case T_SUB_EQ: return T_MINUS;
	case T_MUL_EQ: return T_STAR;
	case T_DIV_EQ: return T_SLASH;
	case T_MOD_EQ: return T_PERCENT;
	case T_AND_EQ: return T_AMP;
	case T_OR_EQ: return T_BOR;
	case T_XOR_EQ: return T_XOR;
	case T_SHL_EQ: return T_SHL;
	case T_SHR_EQ: return T_SHR;
	default: return 0;
	}
}

static void assignment(dcomp *c, dnode *n)
{
	dnode *l = n->l;

	expr_types(c, n->r);
	if (l->kind == N_AGG)
		dc_fail(c, l->loc, "D_AGG_FUNC", "@%s must be assigned the result of an aggregating function",
			l->name);
	if (l->kind != N_IDENT)
		dc_fail(c, l->loc, "D_OP_LVAL", "operator %s requires modifiable lvalue as an operand",
			dtok_names[n->op]);
	if (find_builtin(l->name) >= 0)
		dc_fail(c, l->loc, "D_OP_WRITE", "operator %s can only be applied to a writable variable",
			dtok_names[n->op]);
	if (n->r->type.kind == DT_VOID)
		dc_fail(c, n->r->loc, "D_OP_VOID", "operator %s cannot be applied to a void expression",
			dtok_names[n->op]);
	int v = find_var(c, l->name);
	if (v < 0) {
		if (n->op != T_ASSIGN)
			dc_fail(c, l->loc, "D_IDENT_UNDEF", "failed to resolve %s: Unknown variable name",
				l->name);
		v = add_var(c, l->name, n->r->type);
	}
	l->refkind = REF_GLOBAL;
	l->ref = v;
	l->type = c->vartypes[v];
	if (is_str(l->type) != is_str(n->r->type) || (n->op != T_ASSIGN && is_str(l->type)))
		dc_fail(c, n->loc, "D_OP_INCOMPAT", "operator %s loses type information: %s = %s",
			dtok_names[n->op], type_name(l->type), type_name(n->r->type));
	n->type = l->type;
	(void)compound_base;
}

static void binary_types(dcomp *c, dnode *n)
{
	dtype a = n->l->type, b = n->r->type;

	switch (n->op) {
	case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
		if (is_str(a) != is_str(b))
			op_incompat(c, n, a, b);
		n->type = DTYPE_INT(4, 1);
		return;
	case T_LAND: case T_LOR: case T_LXOR:
		if (!is_int(a) || !is_int(b))
			op_incompat(c, n, a, b);
		n->type = DTYPE_INT(4, 1);
		return;
	case T_SHL: case T_SHR:
		if (!is_int(a) || !is_int(b))
			op_incompat(c, n, a, b);
		n->type = a;
		return;
	default:
		if (!is_int(a) || !is_int(b))
			op_incompat(c, n, a, b);
		n->type = arith(a, b);
	}
}

static void expr_types(dcomp *c, dnode *n)
{
	switch (n->kind) {
	case N_INT:
		if (!n->type.kind)
			n->type = DTYPE_INT(4, 1);
		return;
	case N_STR:
		n->type = DTYPE_STR;
		if (strlen(n->sval) >= c->in->strsize)
			n->sval[c->in->strsize - 1] = 0;
		return;
	case N_MACRO:
		macro(c, n);
		if (n->kind == N_STR)
			expr_types(c, n);
		return;
	case N_IDENT:
		ident(c, n);
		return;
	case N_AGG:
		dc_fail(c, n->loc, "D_AGG_SCALAR", "aggregation @%s may only be used as the "
			"destination of an aggregating function", n->name);
	case N_UNARY:
		expr_types(c, n->l);
		if (!is_int(n->l->type))
			dc_fail(c, n->loc, "D_OP_INT", "operator %s requires an operand of integral type",
				dtok_names[n->op]);
		if (n->op == T_INC || n->op == T_DEC) {
			if (n->l->kind != N_IDENT || n->l->refkind != REF_GLOBAL)
				dc_fail(c, n->loc, "D_OP_LVAL", "operator %s requires modifiable lvalue "
					"as an operand", dtok_names[n->op]);
		}
		n->type = n->op == T_NOT ? DTYPE_INT(4, 1) : n->l->type;
		return;
	case N_POSTFIX:
		expr_types(c, n->l);
		if (n->l->kind != N_IDENT || n->l->refkind != REF_GLOBAL || !is_int(n->l->type))
			dc_fail(c, n->loc, "D_OP_LVAL", "operator %s requires modifiable lvalue as an operand",
				dtok_names[n->op]);
		n->type = n->l->type;
		return;
	case N_BINARY:
		expr_types(c, n->l);
		expr_types(c, n->r);
		binary_types(c, n);
		return;
	case N_COND:
		expr_types(c, n->x);
		expr_types(c, n->l);
		expr_types(c, n->r);
		if (!is_int(n->x->type))
			dc_fail(c, n->x->loc, "D_COND_TYPE", "? : condition must be of integral type");
		if (is_str(n->l->type) != is_str(n->r->type))
			dc_fail(c, n->loc, "D_OP_INCOMPAT", "operator ?: operands must have compatible types");
		n->type = is_str(n->l->type) ? DTYPE_STR : arith(n->l->type, n->r->type);
		return;
	case N_ASSIGN:
		assignment(c, n);
		return;
	case N_CALL:
		dc_fail(c, n->loc, "D_PROTO_LEN", "%s( ) may not be used in an expression", n->name);
	case N_SIZEOF:
		expr_types(c, n->l);
		n->kind = N_INT;
		n->ival = is_str(n->l->type) ? c->in->strsize : n->l->type.size;
		n->type = DTYPE_INT(8, 0);
		return;
	case N_STRINGOF:
		expr_types(c, n->l);
		if (!is_str(n->l->type))
			dc_fail(c, n->loc, "D_STRINGOF_TYPE", "stringof( ) operand must be a string");
		*n = *n->l;
		return;
	default:
		dc_fail(c, n->loc, "D_SYNTAX", "unsupported expression");
	}
}

static const struct { const char *name; int fn; int minargs, maxargs; } aggfns[] = {
	{ "count", PVM_AGG_COUNT, 0, 0 }, { "sum", PVM_AGG_SUM, 1, 1 },
	{ "avg", PVM_AGG_AVG, 1, 1 }, { "min", PVM_AGG_MIN, 1, 1 },
	{ "max", PVM_AGG_MAX, 1, 1 }, { "stddev", PVM_AGG_STDDEV, 1, 1 },
	{ "quantize", PVM_AGG_QUANTIZE, 1, 2 }, { "lquantize", PVM_AGG_LQUANTIZE, 3, 5 },
	{ "llquantize", PVM_AGG_LLQUANTIZE, 5, 6 },
};

static int64_t const_arg(dcomp *c, dnode *n, const char *fn, int i)
{
	if (n->kind != N_INT)
		dc_fail(c, n->loc, "D_AGG_ARG", "%s( ) argument #%d must be an integer constant", fn, i);
	return n->ival;
}

/* @name[keys] = fn(args): declare or check the aggregation. */
static void agg_assign(dcomp *c, dnode *n)
{
	dnode *a = n->l, *f = n->r;
	pvm_prog *vm = &c->prog->vm;
	int fi = -1;

	if (n->op != T_ASSIGN)
		dc_fail(c, n->loc, "D_AGG_FUNC", "@%s must be assigned the result of an aggregating function",
			a->name);
	if (f->kind == N_CALL)
		for (size_t i = 0; i < sizeof(aggfns) / sizeof(aggfns[0]); i++)
			if (!strcmp(aggfns[i].name, f->name))
				fi = (int)i;
	if (fi < 0)
		dc_fail(c, f->loc, "D_AGG_FUNC", "@%s must be assigned the result of an aggregating function",
			a->name);
	if (f->nargs < aggfns[fi].minargs || f->nargs > aggfns[fi].maxargs)
		dc_fail(c, f->loc, "D_PROTO_LEN", "%s( ) prototype mismatch: %d arg%s passed, %d expected",
			f->name, f->nargs, f->nargs == 1 ? "" : "s", aggfns[fi].minargs);
	if (a->nargs > PVM_MAX_TUPLE)
		dc_fail(c, a->loc, "D_AGG_KEYS", "aggregation @%s has more than %d keys", a->name, PVM_MAX_TUPLE);
	for (int i = 0; i < a->nargs; i++) {
		expr_types(c, a->args[i]);
		if (a->args[i]->type.kind == DT_VOID)
			dc_fail(c, a->args[i]->loc, "D_AGG_KEY", "aggregation key #%d is void", i + 1);
	}
	for (int i = 0; i < f->nargs; i++) {
		expr_types(c, f->args[i]);
		if (!is_int(f->args[i]->type))
			dc_fail(c, f->args[i]->loc, "D_AGG_ARG", "%s( ) argument #%d must be of scalar type",
				f->name, i + 1);
	}

	pvm_aggdesc d = { .name = a->name, .fn = (uint8_t)aggfns[fi].fn, .nkeys = (uint8_t)a->nargs };
	for (int i = 0; i < a->nargs; i++) {
		dtype t = a->args[i]->type;
		d.keytype[i] = is_str(t) ? PT_STR : PT_INT;
		d.keysize[i] = is_str(t) ? 0 : t.size;
		d.keysigned[i] = t.sign;
	}
	if (d.fn == PVM_AGG_LQUANTIZE) {
		d.param[0] = const_arg(c, f->args[1], f->name, 1);
		d.param[1] = const_arg(c, f->args[2], f->name, 2);
		d.param[2] = f->nargs > 3 ? const_arg(c, f->args[3], f->name, 3) : 1;
		if (d.param[2] <= 0)
			dc_fail(c, f->loc, "D_LQUANT_STEP", "lquantize( ) step must be greater than zero");
		if (d.param[1] <= d.param[0])
			dc_fail(c, f->loc, "D_LQUANT_MISMATCH", "lquantize( ) upper bound must be greater "
				"than lower bound");
		if ((d.param[1] - d.param[0]) / d.param[2] > 65535)
			dc_fail(c, f->loc, "D_LQUANT_STEPS", "lquantize( ) has too many levels");
	} else if (d.fn == PVM_AGG_LLQUANTIZE) {
		for (int i = 0; i < 4; i++)
			d.param[i] = const_arg(c, f->args[i + 1], f->name, i + 1);
		if (d.param[0] < 2 || d.param[1] < 0 || d.param[2] < d.param[1] || d.param[3] < 1 ||
		    (d.param[2] - d.param[1] + 1) * d.param[3] > 65535)
			dc_fail(c, f->loc, "D_LLQUANT_ARGS", "llquantize( ) arguments out of range");
	}
	d.nvals = pvm_agg_nvals(&d);

	for (uint32_t i = 0; i < vm->naggs; i++) {
		pvm_aggdesc *o = &vm->aggs[i];
		if (strcmp(o->name, a->name))
			continue;
		if (o->fn != d.fn || memcmp(o->param, d.param, sizeof(d.param)))
			dc_fail(c, n->loc, "D_AGG_REDEF", "@%s: aggregation redefined", a->name);
		if (o->nkeys != d.nkeys || memcmp(o->keytype, d.keytype, sizeof(d.keytype)))
			dc_fail(c, a->loc, "D_AGG_KEYS", "@%s: aggregation key signature mismatch", a->name);
		a->ref = (int)i;
		return;
	}
	vm->aggs = darena_push(c->arena, vm->aggs, (int)vm->naggs, sizeof(*vm->aggs));
	vm->aggs[vm->naggs] = d;
	a->ref = (int)vm->naggs++;
}

/* trace(e), printf(fmt, ...), exit(e): statements with no value. */
static int action(dcomp *c, dnode *n)
{
	if (!strcmp(n->name, "trace")) {
		if (n->nargs != 1)
			dc_fail(c, n->loc, "D_PROTO_LEN", "trace( ) prototype mismatch: %d args passed, 1 expected",
				n->nargs);
		expr_types(c, n->args[0]);
		if (n->args[0]->type.kind == DT_VOID)
			dc_fail(c, n->loc, "D_TRACE_VOID", "trace( ) may not be applied to a void expression");
		return 1;
	}
	if (!strcmp(n->name, "exit")) {
		if (n->nargs != 1)
			dc_fail(c, n->loc, "D_PROTO_LEN", "exit( ) prototype mismatch: %d args passed, 1 expected",
				n->nargs);
		expr_types(c, n->args[0]);
		if (!is_int(n->args[0]->type))
			dc_fail(c, n->loc, "D_PROTO_ARG", "exit( ) argument #1 is incompatible with prototype:\n"
				"\tprototype: int\n\t argument: %s", type_name(n->args[0]->type));
		return 1;
	}
	if (!strcmp(n->name, "printf")) {
		char err[512];
		dtr_program *p = c->prog;
		if (n->nargs < 1)
			dc_fail(c, n->loc, "D_PRINTF_PROTO", "printf( ) prototype mismatch: 0 args passed, "
				"at least 1 expected");
		if (n->args[0]->kind != N_STR)
			dc_fail(c, n->args[0]->loc, "D_PRINTF_FMT", "printf( ) argument #1 must be a string literal");
		if (n->nargs - 1 > PVM_MAX_TUPLE)
			dc_fail(c, n->loc, "D_PRINTF_ARGS", "printf( ) has more than %d arguments", PVM_MAX_TUPLE);
		p->fmts = darena_push(c->arena, p->fmts, c->nfmts, sizeof(*p->fmts));
		dtr_fmt *f = &p->fmts[c->nfmts];
		memset(f, 0, sizeof(*f));
		f->text = n->args[0]->sval;
		f->nargs = n->nargs - 1;
		for (int i = 1; i < n->nargs; i++) {
			expr_types(c, n->args[i]);
			f->args[i - 1] = n->args[i]->type;
			if (n->args[i]->type.kind == DT_VOID)
				dc_fail(c, n->args[i]->loc, "D_PRINTF_ARG", "printf( ) argument #%d is void", i + 1);
		}
		if (dfmt_parse(f->text, &f->f, err, sizeof(err)) < 0 ||
		    dfmt_check(&f->f, f->args, f->nargs, err, sizeof(err)) < 0) {
			dfmt_free(&f->f);
			dc_fail(c, n->loc, "D_PRINTF_ARG_FMT", "%s", err);
		}
		n->ref = c->nfmts++;
		return 1;
	}
	return 0;
}

static void statement(dcomp *c, dnode *n, int *records)
{
	if (n->kind == N_ASSIGN && n->l->kind == N_AGG) {
		agg_assign(c, n);
		return;
	}
	if (n->kind == N_CALL) {
		if (action(c, n)) {
			*records = 1;
			return;
		}
		for (size_t i = 0; i < sizeof(aggfns) / sizeof(aggfns[0]); i++)
			if (!strcmp(aggfns[i].name, n->name))
				dc_fail(c, n->loc, "D_AGG_FUNC", "%s( ) may only be used as the value "
					"of an aggregation", n->name);
		dc_fail(c, n->loc, "D_PROC_BADFUNC", "failed to resolve %s: Unknown function name", n->name);
	}
	expr_types(c, n);
}

void dsema_program(dcomp *c)
{
	dtr_program *p = c->prog;

	for (int i = 0; i < c->ndecls; i++) {
		dnode *d = c->decls[i];
		if (find_var(c, d->name) >= 0 || find_builtin(d->name) >= 0)
			dc_fail(c, d->loc, "D_DECL_IDRED", "identifier redeclared: %s", d->name);
		add_var(c, d->name, d->type);
	}
	p->clauses = darena_alloc(c->arena, sizeof(*p->clauses) * (size_t)(c->nclauses + 1));
	for (int i = 0; i < c->nclauses; i++) {
		dclause *cl = &c->clauses[i];
		int records = cl->nstmts == 0;
		if (cl->pred) {
			expr_types(c, cl->pred);
			if (!is_int(cl->pred->type))
				dc_fail(c, cl->pred->loc, "D_PRED_SCALAR", "predicate result must be of scalar type");
		}
		for (int s = 0; s < cl->nstmts; s++)
			statement(c, cl->stmts[s], &records);
		p->clauses[i] = (dtr_clause){ cl->specs, cl->nspecs, records, cl->loc };
	}
	p->vm.nfmts = (uint32_t)c->nfmts;
}
