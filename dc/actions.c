/* Actions and aggregations: the calls that are a clause's statements
 * (trace, printf, printa, exit, speculate, clear ...), checked by the table
 * of actions; aggregations declared and checked on first use; and DTrace's
 * rules for speculations within a clause. */
#include <string.h>

#include "dc/ast.h"
#include "dc/sema.h"

/* An lquantize() or llquantize() parameter: the constant's value, or
 * DTrace's error with tag when it is no integer constant. */
static int64_t param(dcomp *c, dnode *f, int i, const char *tag)
{
	if (f->args[i]->kind != N_INT)
		dc_fail(c, f->args[i]->loc, tag, "%s( ) argument #%d must be an integer constant",
			f->name, i);
	return f->args[i]->ival;
}

/* Is n a constant greater than zero? (DTrace's dt_node_is_posconst) */
static int posconst(const dnode *n)
{
	return n->kind == N_INT && n->ival != 0 && (!n->type.sign || n->ival > 0);
}

/* lquantize(v, base, limit [, step [, incr]]): base and limit 32-bit
 * constants, base < limit, step a positive 16-bit constant giving 1 to
 * 65535 levels. A second use must give the same base, levels and step. */
static void lquant_params(dcomp *c, dnode *f, pvm_aggdesc *d, const pvm_aggdesc *o)
{
	int64_t base = param(c, f, 1, "D_LQUANT_BASETYPE"), limit, step = 1;

	if (base < INT32_MIN || base > INT32_MAX)
		dc_fail(c, f->args[1]->loc, "D_LQUANT_BASEVAL", "lquantize( ) argument #1 must be a "
			"32-bit quantity");
	limit = param(c, f, 2, "D_LQUANT_LIMTYPE");
	if (limit < INT32_MIN || limit > INT32_MAX)
		dc_fail(c, f->args[2]->loc, "D_LQUANT_LIMVAL", "lquantize( ) argument #2 must be a "
			"32-bit quantity");
	if (limit <= base)
		dc_fail(c, f->loc, "D_LQUANT_MISMATCH", "lquantize( ) base (argument #1) must be less "
			"than limit (argument #2)");
	if (f->nargs > 3) {
		if (!posconst(f->args[3]))
			dc_fail(c, f->args[3]->loc, "D_LQUANT_STEPTYPE", "lquantize( ) argument #3 must "
				"be a non-zero positive integer constant");
		step = f->args[3]->ival;
		if ((uint64_t)step > UINT16_MAX)
			dc_fail(c, f->args[3]->loc, "D_LQUANT_STEPVAL", "lquantize( ) argument #3 must "
				"be a 16-bit quantity");
	}
	int64_t levels = (limit - base) / step;
	if (levels == 0)
		dc_fail(c, f->loc, "D_LQUANT_STEPLARGE", "lquantize( ) step (argument #3) too large: "
			"must have at least one quantization level");
	if (levels > UINT16_MAX)
		dc_fail(c, f->loc, "D_LQUANT_STEPSMALL", "lquantize( ) step (argument #3) too small: "
			"number of quantization levels must be a 16-bit quantity");
	d->param[0] = base;
	d->param[1] = limit;
	d->param[2] = step;
	if (!o)
		return;
	int64_t olevels = (o->param[1] - o->param[0]) / o->param[2];
	if (o->param[0] != base)
		dc_fail(c, f->loc, "D_LQUANT_MATCHBASE", "lquantize( ) base (argument #1) doesn't match "
			"previous declaration: expected %d, found %d", (int)o->param[0], (int)base);
	if (olevels * o->param[2] != levels * step)
		dc_fail(c, f->loc, "D_LQUANT_MATCHLIM", "lquantize( ) limit (argument #2) doesn't match "
			"previous declaration: expected %d, found %d", (int)(o->param[0] + olevels * o->param[2]),
			(int)(base + levels * step));
	if (o->param[2] != step)
		dc_fail(c, f->loc, "D_LQUANT_MATCHSTEP", "lquantize( ) step (argument #3) doesn't match "
			"previous declaration: expected %d, found %d", (int)o->param[2], (int)step);
}

/* factor to the power e, saturating at UINT64_MAX (the overflow check) */
static uint64_t upow(uint64_t factor, uint64_t e)
{
	uint64_t r = 1;

	while (e--) {
		if (r > UINT64_MAX / factor)
			return UINT64_MAX;
		r *= factor;
	}
	return r;
}

/* llquantize(v, factor, lmag, hmag, steps [, incr]): unsigned 16-bit
 * constants, factor >= 2, lmag <= hmag, factor^(hmag+1) within 64 bits,
 * steps > 0 dividing factor (steps < factor) or a multiple of factor that
 * divides factor^(lmag+1) (factor^2 when lmag is 0). A second use must give
 * the same four. */
static void llquant_params(dcomp *c, dnode *f, pvm_aggdesc *d, const pvm_aggdesc *o)
{
	static const char *const what[] = { "factor", "lmag", "hmag", "steps" };
	uint64_t factor = (uint64_t)param(c, f, 1, "D_LLQUANT_FACTORTYPE");

	if (factor > UINT16_MAX || factor < 2)
		dc_fail(c, f->args[1]->loc, "D_LLQUANT_FACTORVAL", "llquantize( ) argument #1 must be an "
			"unsigned 16-bit quantity greater than or equal to 2");
	uint64_t lmag = (uint64_t)param(c, f, 2, "D_LLQUANT_LMAGTYPE");
	if (lmag > UINT16_MAX)
		dc_fail(c, f->args[2]->loc, "D_LLQUANT_LMAGVAL", "llquantize( ) argument #2 must be an "
			"unsigned 16-bit quantity");
	uint64_t hmag = (uint64_t)param(c, f, 3, "D_LLQUANT_HMAGTYPE");
	if (hmag > UINT16_MAX)
		dc_fail(c, f->args[3]->loc, "D_LLQUANT_HMAGVAL", "llquantize( ) argument #3 must be an "
			"unsigned 16-bit quantity");
	if (hmag < lmag)
		dc_fail(c, f->args[3]->loc, "D_LLQUANT_HMAGVAL", "llquantize( ) argument #3 (high "
			"magnitude) must be at least argument #2 (low magnitude)");
	if (upow(factor, hmag + 1) == UINT64_MAX)
		dc_fail(c, f->args[3]->loc, "D_LLQUANT_HMAGVAL", "llquantize( ) argument #3 (high "
			"magnitude) will cause overflow of 64 bits");
	if (!posconst(f->args[4]))
		dc_fail(c, f->args[4]->loc, "D_LLQUANT_STEPTYPE", "llquantize( ) argument #4 must be a "
			"non-zero positive integer constant");
	uint64_t steps = (uint64_t)f->args[4]->ival;
	if (steps > UINT16_MAX)
		dc_fail(c, f->args[4]->loc, "D_LLQUANT_STEPVAL", "llquantize( ) argument #4 must be an "
			"unsigned 16-bit quantity");
	if (steps < factor && factor % steps)
		dc_fail(c, f->args[1]->loc, "D_LLQUANT_STEPVAL", "llquantize() argument #4 (steps) must "
			"evenly divide argument #1 (factor) when steps<factor");
	if (steps > factor && steps % factor)
		dc_fail(c, f->args[1]->loc, "D_LLQUANT_STEPVAL", "llquantize() argument #4 (steps) must "
			"be a multiple of argument #1 (factor) when steps>factor");
	if (steps > factor && lmag == 0 && (factor * factor) % steps)
		dc_fail(c, f->args[1]->loc, "D_LLQUANT_STEPVAL", "llquantize() argument #4 (steps) must "
			"evenly divide the square of argument #1 (factor) when steps>factor and lmag==0");
	if (steps > factor && lmag > 0 && upow(factor, lmag + 1) % steps)
		dc_fail(c, f->args[1]->loc, "D_LLQUANT_STEPVAL", "llquantize() argument #4 (steps) must "
			"evenly divide pow(argument #1 (factor), lmag (argument #2) + 1) when steps>factor "
			"and lmag>0");
	d->param[0] = (int64_t)factor;
	d->param[1] = (int64_t)lmag;
	d->param[2] = (int64_t)hmag;
	d->param[3] = (int64_t)steps;
	for (int i = 0; o && i < 4; i++)
		if (o->param[i] != d->param[i])
			dc_fail(c, f->loc, i == 0 ? "D_LLQUANT_MATCHFACTOR" : i == 1 ? "D_LLQUANT_MATCHLMAG" :
				i == 2 ? "D_LLQUANT_MATCHHMAG" : "D_LLQUANT_MATCHSTEPS", "llquantize() %s "
				"(argument #%d) doesn't match previous declaration: expected %d, found %d",
				what[i], i + 1, (int)o->param[i], (int)d->param[i]);
	/* dtr keeps every bucket of a key in one record */
	if ((hmag - lmag + 1) * steps > 65535)
		dc_fail(c, f->loc, "D_LLQUANT_ARGS", "llquantize( ) has too many buckets: (hmag - lmag + 1) "
			"* steps is more than 65535");
}

/* An aggregating function by its name (pvm_aggfns: its prototype), or NULL. */
static const pvm_aggfn_info *find_aggfn(const char *name)
{
	for (int i = 0; i < PVM_NAGGFNS; i++)
		if (!strcmp(pvm_aggfns[i].name, name))
			return &pvm_aggfns[i];
	return NULL;
}

/* The rules of their own that the parameters of lquantize() and
 * llquantize() follow (as constants), checked after the prototype's. */
typedef void agg_params_fn(dcomp *c, dnode *f, pvm_aggdesc *d, const pvm_aggdesc *prev);

static agg_params_fn *agg_params(int fn)
{
	return fn == PVM_AGG_LQUANTIZE ? lquant_params : fn == PVM_AGG_LLQUANTIZE ? llquant_params : NULL;
}

/* The argument count of a call against its prototype: min to max
 * arguments, max < 0 for any number ("..."), in DTrace's words. */
static void proto_len(dcomp *c, const dnode *n, int min, int max)
{
	if (n->nargs >= min && (max < 0 || n->nargs <= max))
		return;
	int few = n->nargs < min, lim = few ? min : max;
	dc_fail(c, n->loc, "D_PROTO_LEN", "%s( ) prototype mismatch: %d arg%s passed, %s%d expected",
		n->name, n->nargs, n->nargs == 1 ? "" : "s",
		min == max ? "" : few ? "at least " : "at most ", lim);
}

/* The aggregation @name, or NULL before its first use. */
static pvm_aggdesc *agg_named(dcomp *c, const char *name)
{
	for (uint32_t i = 0; i < c->prog->vm.naggs; i++)
		if (!strcmp(c->prog->vm.aggs[i].name, name))
			return &c->prog->vm.aggs[i];
	return NULL;
}

/* @name[keys] = fn(args): declare or check the aggregation, in DTrace's
 * order: the function and its prototype, the keys, then the value and
 * parameters. */
static void agg_assign(dcomp *c, dnode *n)
{
	dnode *a = n->l, *f = n->r;
	pvm_prog *vm = &c->prog->vm;
	const pvm_aggfn_info *af = f->kind == N_CALL ? find_aggfn(f->name) : NULL;

	if (n->op != T_ASSIGN)
		dc_fail(c, n->loc, "D_AGG_FUNC", "@%s must be assigned the result of an aggregating function",
			a->name);
	if (!af && f->kind == N_CALL && !dact_find(f->name) && !dsema_known_subr(f->name))
		dc_fail(c, f->loc, "D_FUNC_UNDEF", "undefined function name: %s", f->name);
	if (!af)
		dc_fail(c, f->loc, "D_AGG_FUNC", "@%s must be assigned the result of an aggregating function",
			a->name);
	/* too many arguments to a varargs function are found with the increment */
	proto_len(c, f, af->minargs, af->varargs ? -1 : af->maxargs);
	for (int i = 0; i < f->nargs; i++) {
		dsema_types(c, f->args[i]);
		if (i >= 1 && i <= af->nproto && !is_scalar(f->args[i]->type))
			dc_fail(c, f->args[i]->loc, "D_PROTO_ARG", "%s( ) argument #%d is incompatible with "
				"prototype:\n\tprototype: int32_t\n\t argument: %s", f->name, i + 1,
				dsema_type_name(c, f->args[i]->type));
	}
	uint8_t fn = (uint8_t)(af - pvm_aggfns);
	pvm_aggdesc *o = agg_named(c, a->name);
	if (o && o->fn != fn)
		dc_fail(c, n->loc, "D_AGG_REDEF", "aggregation redefined: @%s", a->name);
	if (a->nargs > PVM_MAX_TUPLE)
		dc_fail(c, a->loc, "D_AGG_KEYS", "aggregation @%s has more than %d keys", a->name, PVM_MAX_TUPLE);
	for (int i = 0; i < a->nargs; i++) {
		if (dxlate_is_dynamic(a->args[i]))
			dc_fail(c, a->args[i]->loc, "D_KEY_TYPE", "dynamic variable expression may not be "
				"used as aggregation index: key #%d", i + 1);
		dsema_types(c, a->args[i]);
		if (a->args[i]->type.kind == DT_VOID)
			dc_fail(c, a->args[i]->loc, "D_KEY_TYPE", "%s expression may not be used as "
				"aggregation index: key #%d", dsema_node_type_name(c, a->args[i]), i + 1);
		if (a->args[i]->type.kind == DT_STRUCT || DTYPE_IS_LDOUBLE(a->args[i]->type))
			dc_fail(c, a->args[i]->loc, "D_AGG_KEY", "aggregation key #%d is a %s: keys are "
				"scalars, strings and stacks", i + 1, dsema_type_name(c, a->args[i]->type));
	}
	if (f->nargs > 0 && !is_scalar(f->args[0]->type))
		dc_fail(c, f->args[0]->loc, "D_AGG_SCALAR", "%s( ) argument #1 must be of scalar type", f->name);

	pvm_aggdesc d = { .name = a->name, .fn = fn, .nkeys = (uint8_t)a->nargs };
	for (int i = 0; i < a->nargs; i++) {
		dtype t = a->args[i]->type;
		d.keytype[i] = dsema_key_vtype(t);
		d.keysize[i] = is_str(t) ? 0 : t.size;
		d.keysigned[i] = t.sign;
	}
	agg_params_fn *params = agg_params(fn);
	if (params)
		params(c, f, &d, o);
	if (af->varargs && f->nargs >= af->maxargs) {
		/* the increment: DTrace's dt_cg_agg_opt_incr */
		if (!is_scalar(f->args[af->maxargs - 1]->type))
			dc_fail(c, f->loc, "D_PROTO_ARG", "%s( ) increment value (argument #%d) must be of "
				"scalar type", f->name, af->maxargs);
		if (f->nargs > af->maxargs)
			dc_fail(c, f->args[af->maxargs - 1]->loc, "D_PROTO_LEN", "%s( ) prototype mismatch: "
				"%d args passed, at most %d expected", f->name, f->nargs, af->maxargs);
	}
	d.nvals = pvm_agg_nvals(&d);

	if (o) {
		if (o->nkeys != d.nkeys)
			dc_fail(c, a->loc, "D_AGG_KEYS", "@%s[ ] prototype mismatch: %u keys passed, %u expected",
				a->name, d.nkeys, o->nkeys);
		for (int k = 0; k < d.nkeys; k++)
			if (o->keytype[k] != d.keytype[k])
				dc_fail(c, a->args[k]->loc, "D_AGG_KEYS", "@%s[ ] key #%d is incompatible with "
					"prototype", a->name, k + 1);
		a->ref = (int)(o - vm->aggs);
		return;
	}
	vm->aggs = darena_push(c->arena, vm->aggs, (int)vm->naggs, sizeof(*vm->aggs));
	vm->aggs[vm->naggs] = d;
	a->ref = (int)vm->naggs++;
}

/* The format argument of printf-like call n: a string literal, as
 * dt_action_printflike() wants (D_PROTO_LEN, D_PROTO_ARG, D_PRINTF_ARG_FMT). */
static void format_arg(dcomp *c, dnode *n)
{
	if (n->nargs < 1)
		dc_fail(c, n->loc, "D_PROTO_LEN", "%s( ) prototype mismatch: 0 args passed, "
			"at least 1 expected", n->name);
	dnode *fa = n->args[0];
	if (fa->kind == N_STR)
		return;
	dsema_types(c, fa);
	if (is_str(fa->type))
		dc_fail(c, fa->loc, "D_PRINTF_ARG_FMT", "%s( ) argument #1 is incompatible with "
			"prototype:\n\tprototype: string constant\n\t argument: %s", n->name,
			dsema_type_name(c, fa->type));
	dc_fail(c, fa->loc, "D_PROTO_ARG", "%s( ) argument #1 is incompatible with prototype:\n"
		"\tprototype: string\n\t argument: %s", n->name, dsema_type_name(c, fa->type));
}

/* Record a format string literal (printf, system, printa) with the types of
 * its arguments: the call's arguments after the format, or for printa the
 * aggregation's keys; check them as dt_printf_validate() does, with its
 * tags. Returns its index. */
static int add_format(dcomp *c, dnode *n, int printa, const pvm_aggdesc *agg)
{
	char err[512];
	const char *names[PVM_MAX_ARGS] = { NULL };
	dtr_program *p = c->prog;

	format_arg(c, n);
	if (!printa && n->nargs - 1 > PVM_MAX_ARGS)
		dc_fail(c, n->loc, "D_PRINTF_ARGS", "%s( ) has more than %d arguments", n->name,
			PVM_MAX_ARGS);
	p->fmts = darena_push(c->arena, p->fmts, c->nfmts, sizeof(*p->fmts));
	dtr_fmt *f = &p->fmts[c->nfmts];
	memset(f, 0, sizeof(*f));
	f->text = n->args[0]->sval;
	dfmt_call call = { n->name, printa, DTYPE_INT(8, 1), names };
	if (printa) {
		/* stack() and sym() ... keys: which one shows at run time */
		for (int i = 0; i < agg->nkeys; i++)
			f->args[i] = agg->keytype[i] == PT_STR ? DTYPE_STR :
				     agg->keytype[i] == PT_STACK ?
				     (dtype){ .kind = DT_STACK, .form = DFMT_FORM_KEY } :
				     DTYPE_INT(agg->keysize[i], agg->keysigned[i]);
		f->nargs = agg->nkeys;
		/* %@ converts the value: uint64_t for count(), else int64_t */
		call.aggval = DTYPE_INT(8, agg->fn != PVM_AGG_COUNT);
	} else {
		int slots = n->nargs - 1;
		f->nargs = n->nargs - 1;
		for (int i = 1; i < n->nargs; i++) {
			dnode *a = n->args[i];

			/* aggregations and actions have no printf conversion:
			 * dfmt_check_call() refuses them by these names */
			if (a->kind == N_AGG || dact_is_call(a)) {
				f->args[i - 1] = DTYPE_VOID;
				names[i - 1] = a->kind == N_AGG ? "aggregation" : "void";
				continue;
			}
			dsema_types(c, a);
			f->args[i - 1] = is_ptr(a->type) ? DTYPE_INT(8, 0) : a->type;
			if (a->type.kind == DT_STRUCT || a->type.kind == DT_ARRAY)
				dc_fail(c, a->loc, "D_PRINTF_ARG_TYPE", "%s( ) argument #%d is a %s, "
					"which has no printf conversion", n->name, i + 1,
					dsema_type_name(c, a->type));
			names[i - 1] = dsema_type_name(c, a->type);
			slots += DTYPE_IS_LDOUBLE(a->type); /* pushed as two halves */
		}
		if (slots > PVM_MAX_ARGS)
			dc_fail(c, n->loc, "D_PRINTF_ARGS", "%s( ) has more than %d arguments (a long "
				"double counts twice)", n->name, PVM_MAX_ARGS);
	}
	int rc = printa ? dfmt_parse_printa(f->text, &f->f, err, sizeof(err))
			: dfmt_parse(f->text, &f->f, err, sizeof(err));
	if (rc == 0)
		rc = dfmt_check_call(&f->f, &call, f->args, f->nargs, err, sizeof(err));
	if (rc < 0) {
		dfmt_free(&f->f);
		dc_fail(c, n->loc, dfmt_errtag(rc), "%s", err);
	}
	return c->nfmts++;
}

static int add_action(dcomp *c, int kind, int agg, int fmt, int nargs)
{
	dtr_program *p = c->prog;
	int n = (int)p->vm.nacts;

	p->acts = darena_push(c->arena, p->acts, n, sizeof(*p->acts));
	p->acts[n] = (dtr_action){ .kind = kind, .agg = agg, .fmt = fmt, .nargs = nargs };
	p->vm.nacts++;
	return n;
}

static int find_agg(dcomp *c, dnode *a)
{
	for (uint32_t i = 0; i < c->prog->vm.naggs; i++)
		if (!strcmp(c->prog->vm.aggs[i].name, a->name))
			return (int)i;
	dc_fail(c, a->loc, "D_AGG_UNDEF", "failed to resolve @%s", a->name);
}

/* A destructive action without -w: refused once the whole program is
 * compiled (DTrace refuses it when enabling, after every compile error). */
static void need_destructive(dcomp *c, dnode *n)
{
	if (!c->in->destructive && !dsema_pragma_set(c, "destructive") && !c->destr)
		c->destr = n;
}

/* The D type of key k of aggregation d, as printa()'s messages name it. */
static dtype agg_key_type(const pvm_aggdesc *d, int k)
{
	if (d->keytype[k] == PT_STR)
		return DTYPE_STR;
	if (d->keytype[k] == PT_STACK)
		return (dtype){ .kind = DT_STACK, .form = PVM_STACK };
	return DTYPE_INT(d->keysize[k], d->keysigned[k]);
}

/* printa := 'printa' '(' [ string ',' ] @agg { ',' @agg } ')'
 * Several aggregations print side by side, one row per key of any of them,
 * so their keys must agree in number and kind (integers go with integers,
 * strings with strings) with the first one's, as dt_printa_validate
 * requires. A format is checked against the first aggregation's keys. */
static void act_printa(dcomp *c, dnode *n, const dact_info *act)
{
	int first = n->nargs > 0 && n->args[0]->kind == N_STR;
	int fmt = -1, *aggs;
	const pvm_aggdesc *proto = NULL;

	if (n->nargs == 0)
		dc_fail(c, n->loc, "D_PROTO_LEN", "printa( ) prototype mismatch: 0 args passed, "
			"at least 1 expected");
	if (n->nargs < first + 1)
		dc_fail(c, n->loc, "D_PRINTA_PROTO", "printa( ) prototype mismatch: %d args passed, "
			"%d expected", n->nargs, first + 1);
	aggs = darena_alloc(c->arena, sizeof(*aggs) * (size_t)(n->nargs - first));
	for (int i = first; i < n->nargs; i++) {
		dnode *a = n->args[i];

		if (a->kind == N_AGG && a->nargs)
			dc_fail(c, a->loc, "D_PRINTA_PROTO", "printa( ) prototype mismatch: "
				"expected [format,] @aggregation");
		if (a->kind != N_AGG) {
			dsema_types(c, a);
			dc_fail(c, a->loc, "D_PRINTA_AGGARG", "printa( ) argument #%d is incompatible "
				"with prototype:\n\tprototype: aggregation\n\t argument: %s", i + 1,
				dsema_type_name(c, a->type));
		}
		int agg = find_agg(c, a);
		const pvm_aggdesc *d = &c->prog->vm.aggs[agg];

		if (!proto) {
			proto = d;
			if (first)
				fmt = add_format(c, n, 1, d);
		} else if (d->nkeys != proto->nkeys) {
			dc_fail(c, a->loc, "D_PRINTA_AGGKEY", "printa( ): @%s and @%s do not have "
				"matching key signatures: @%s has %d key%s, @%s has %d key%s", proto->name,
				d->name, proto->name, proto->nkeys, proto->nkeys == 1 ? "" : "s", d->name,
				d->nkeys, d->nkeys == 1 ? "" : "s");
		} else {
			for (int k = 0; k < d->nkeys; k++)
				if (d->keytype[k] != proto->keytype[k])
					dc_fail(c, a->loc, "D_PRINTA_AGGPROTO", "printa( ): @%s[ ] key #%d "
						"is incompatible with @%s:\n%9s key #%d: %s\n%9s key #%d: %s",
						d->name, k + 1, proto->name, proto->name, k + 1,
						dsema_type_name(c, agg_key_type(proto, k)), d->name, k + 1,
						dsema_type_name(c, agg_key_type(d, k)));
		}
		aggs[i - first] = agg;
	}
	n->ref = add_action(c, act->kind, aggs[0], fmt, 0);
	c->prog->acts[n->ref].aggs = aggs;
	c->prog->acts[n->ref].naggs = n->nargs - first;
}

/* trace(e): a value, or the bytes of a struct or array */
static void act_trace(dcomp *c, dnode *n, const dact_info *a)
{
	(void)a;
	if (n->args[0]->kind == N_AGG)
		dc_fail(c, n->args[0]->loc, "D_TRACE_DYN", "trace( ) may not be applied to a dynamic "
			"expression");
	dsema_node(c, n->args[0]);
	if (n->args[0]->type.kind == DT_VOID)
		dc_fail(c, n->loc, "D_TRACE_VOID", "trace( ) may not be applied to a void expression");
	if ((n->args[0]->kind == N_DEREF && (n->args[0]->type.kind == DT_STRUCT ||
					     n->args[0]->type.kind == DT_ARRAY)) ||
	    DTYPE_IS_LDOUBLE(n->args[0]->type))
		n->ref = add_action(c, DA_TRACEMEM, -1, -1, 1); /* its bytes */
	else
		dmem_decay(c, n->args[0], 1);
}

static void act_print(dcomp *c, dnode *n, const dact_info *a)
{
	dsema_node(c, n->args[0]);
	dtype t = n->args[0]->type;
	if (t.kind == DT_VOID || t.kind == DT_STACK)
		dc_fail(c, n->loc, "D_PRINT_VOID", "print( ) may not be applied to a %s expression",
			dsema_type_name(c, t));
	if (t.kind == DT_PTR) {
		/* a pointer to a struct or union: the object it points to, laid
		 * out as Oracle's DTrace does (its size is recorded) */
		dtype to = c->prog->types.t[t.ref].elem;
		if (to.kind == DT_STRUCT && (!dctype_defined(c, to) ||
					     !dtype_sizeof(&c->prog->types, to))) {
			char name[256];
			dtype_name(&c->prog->types, to, name, sizeof(name));
			dc_fail(c, n->args[0]->loc, "D_PRINT_SIZE", "print( ) argument #1 reference "
				"has type '%s' with size 0; cannot print( ) it.", name);
		}
	}
	n->ref = add_action(c, a->kind, -1, -1, 1);
	c->prog->acts[n->ref].type = t;
}

static void act_tracemem(dcomp *c, dnode *n, const dact_info *a)
{
	for (int i = 0; i < n->nargs; i++) {
		dsema_node(c, n->args[i]);
		dmem_decay(c, n->args[i], 0);
		if (i && !is_scalar(n->args[i]->type))
			dc_fail(c, n->args[i]->loc, "D_PROTO_ARG", "tracemem( ) argument #%d is "
				"incompatible with prototype:\n\tprototype: size_t\n\t argument: %s", i + 1,
				dsema_type_name(c, n->args[i]->type));
	}
	/* the address is any type by the prototype, then checked by itself */
	if (!is_scalar(n->args[0]->type))
		dc_fail(c, n->args[0]->loc, "D_TRACEMEM_ADDR", "tracemem( ) argument #1 is incompatible "
			"with prototype:\n\tprototype: pointer or integer\n\t argument: %s",
			dsema_type_name(c, n->args[0]->type));
	if (n->args[1]->kind != N_INT || n->args[1]->ival <= 0 || n->args[1]->ival > 65536)
		dc_fail(c, n->args[1]->loc, "D_TRACEMEM_SIZE", "tracemem( ) argument #2 must be a "
			"non-zero positive integral constant expression");
	n->ref = add_action(c, a->kind, -1, -1, 0);
}

static void act_exit(dcomp *c, dnode *n, const dact_info *a)
{
	(void)a;
	dsema_types(c, n->args[0]);
	if (!is_int(n->args[0]->type))
		dc_fail(c, n->loc, "D_PROTO_ARG", "exit( ) argument #1 is incompatible with prototype:\n"
			"\tprototype: int\n\t argument: %s", dsema_type_name(c, n->args[0]->type));
}

/* printf(fmt, ...), and system(fmt, ...) (kind DA_SYSTEM) */
static void act_printf(dcomp *c, dnode *n, const dact_info *a)
{
	int fmt = add_format(c, n, 0, NULL);
	n->ref = fmt;
	if (a->kind == DA_SYSTEM)
		n->ref = add_action(c, DA_SYSTEM, -1, fmt, n->nargs - 1);
}

/* raise(sig) and stop() */
static void act_raise(dcomp *c, dnode *n, const dact_info *a)
{
	int raise = a->kind == DA_RAISE;

	if (raise)
		dsema_one_int_arg(c, n, "int");
	n->ref = add_action(c, a->kind, -1, -1, raise + 1);
}

/* setopt(name [, value]): the consumer sets the option when it reads the record */
static void act_setopt(dcomp *c, dnode *n, const dact_info *a)
{
	for (int i = 0; i < n->nargs; i++) {
		dsema_types(c, n->args[i]);
		if (!is_str(n->args[i]->type))
			dc_fail(c, n->args[i]->loc, "D_PROTO_ARG", "setopt( ) argument #%d is "
				"incompatible with prototype:\n\tprototype: char *\n\t argument: %s",
				i + 1, dsema_type_name(c, n->args[i]->type));
	}
	n->ref = add_action(c, a->kind, -1, -1, n->nargs);
}

/* freopen(fmt, ...) sends the output to a file (freopen(""): back to the
 * first); ftruncate() empties it */
static void act_freopen(dcomp *c, dnode *n, const dact_info *a)
{
	int fre = a->kind == DA_FREOPEN;

	if (fre && n->args[0]->kind == N_STR && !strcmp(n->args[0]->sval, "."))
		dc_fail(c, n->args[0]->loc, "D_FREOPEN_INVALID", "freopen( ) argument #1 cannot be \".\"");
	int restore = fre && n->nargs == 1 && n->args[0]->kind == N_STR && !n->args[0]->sval[0];
	int fmt = fre && !restore ? add_format(c, n, 0, NULL) : -1;
	n->ref = add_action(c, a->kind, -1, fmt, fre ? n->nargs - 1 : 0);
}

/* clear(@a), trunc(@a [, n]), normalize(@a, n), denormalize(@a) */
static void agg_action(dcomp *c, dnode *n, const dact_info *a)
{
	if (n->args[0]->kind != N_AGG) {
		dsema_types(c, n->args[0]);
		dc_fail(c, n->loc, a->aggtag, "%s( ) argument #1 is incompatible with prototype:\n"
			"\tprototype: aggregation\n\t argument: %s", n->name,
			dsema_type_name(c, n->args[0]->type));
	}
	if (n->args[0]->nargs)
		dc_fail(c, n->loc, "D_PROTO_LEN", "%s( ) prototype mismatch: expected @aggregation%s",
			n->name, a->maxargs > 1 ? ", value" : "");
	if (n->nargs == 2) {
		dsema_types(c, n->args[1]);
		if (!is_int(n->args[1]->type))
			dc_fail(c, n->args[1]->loc, "D_PROTO_ARG", "%s( ) argument #2 is incompatible with "
				"prototype:\n\tprototype: %s\n\t argument: %s", n->name,
				a->kind == DA_TRUNC ? "int64_t" : "uint64_t",
				dsema_node_type_name(c, n->args[1]));
	}
	n->ref = add_action(c, a->kind, find_agg(c, n->args[0]), -1, n->nargs - 1);
}

const char *const dtr_actkind_names[DA_NKINDS] = {
#define DA_NAME(e, name) [DA_##e] = name,
	DTR_ACTKINDS(DA_NAME)
#undef DA_NAME
};

/* speculate(id), commit(id), discard(id) */
static void spec_action(dcomp *c, dnode *n, const dact_info *a)
{
	dsema_one_int_arg(c, n, "int");
	n->ref = add_action(c, a->kind, -1, -1, 1);
}

/* The actions: minargs to maxargs arguments as DTrace's prototypes say
 * (printf's format checks count the rest), flags (DACT_*), kind the DA_*
 * it records (-1: none of its own), aggtag the tag when argument
 * #1 of an aggregation action is no aggregation, and check the action's
 * own checks. Inside an expression, where an action is void, only the
 * count and the arguments' types are checked (dact_func_value). system()
 * and freopen() are found destructive after their format's checks. */
#define DATA DACT_DATA
#define DESTR DACT_DESTRUCTIVE
static const dact_info acts[] = {
	{ "trace", 1, 1, DATA, -1, NULL, act_trace },
	{ "print", 1, 1, DATA, DA_PRINT, NULL, act_print },
	{ "tracemem", 2, 3, DATA, DA_TRACEMEM, NULL, act_tracemem },
	{ "exit", 1, 1, DATA | DACT_EXIT, -1, NULL, act_exit },
	{ "printf", 1, -1, DATA, -1, NULL, act_printf },
	{ "system", 1, -1, DESTR, DA_SYSTEM, NULL, act_printf },
	{ "printa", 1, -1, DATA, DA_PRINTA, NULL, act_printa },
	{ "clear", 1, 1, 0, DA_CLEAR, "D_CLEAR_AGGARG", agg_action },
	{ "trunc", 1, 2, 0, DA_TRUNC, "D_TRUNC_AGGARG", agg_action },
	{ "normalize", 2, 2, 0, DA_NORMALIZE, "D_NORMALIZE_AGGARG", agg_action },
	{ "denormalize", 1, 1, 0, DA_DENORMALIZE, "D_NORMALIZE_AGGARG", agg_action },
	{ "speculate", 1, 1, DACT_SPEC, DA_SPECULATE, NULL, spec_action },
	{ "commit", 1, 1, DACT_SPEC | DACT_NOREC, DA_COMMIT, NULL, spec_action },
	{ "discard", 1, 1, DACT_SPEC | DACT_NOREC, DA_DISCARD, NULL, spec_action },
	{ "raise", 1, 1, DESTR, DA_RAISE, NULL, act_raise },
	{ "stop", 0, 0, DESTR, DA_STOP, NULL, act_raise },
	{ "setopt", 1, 2, 0, DA_SETOPT, NULL, act_setopt },
	{ "freopen", 1, -1, DESTR, DA_FREOPEN, NULL, act_freopen },
	{ "ftruncate", 0, 0, 0, DA_FTRUNCATE, NULL, act_freopen },
};
#undef DATA
#undef DESTR

const dact_info *dact_find(const char *name)
{
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (!strcmp(acts[i].name, name))
			return &acts[i];
	return NULL;
}

int dact_is_call(const dnode *n)
{
	return n->kind == N_CALL && (dact_find(n->name) || dsema_kernel_destructive(n->name));
}

/* trace(e), printf(fmt, ...), exit(e) and the other actions as statements:
 * the action's row, NULL when n is no action. */
static const dact_info *action(dcomp *c, dnode *n)
{
	const dact_info *a = dact_find(n->name);

	if (!a)
		return NULL;
	proto_len(c, n, a->minargs, a->maxargs);
	a->check(c, n, a);
	/* after the arguments' checks, as DTrace makes it */
	if (a->flags & DACT_DESTRUCTIVE)
		need_destructive(c, n);
	return a;
}

int dact_is_funcval(const dnode *n)
{
	return n->kind == N_CALL && n->refkind == REF_NONE && n->type.kind == DT_VOID &&
	       (dact_find(n->name) || find_aggfn(n->name));
}

/* The operator or call around it reports the error, as DTrace does. */
int dact_func_value(dcomp *c, dnode *n)
{
	const dact_info *a = dact_find(n->name);
	const pvm_aggfn_info *f = find_aggfn(n->name);

	if (!a && !f)
		return 0;
	if (f)
		proto_len(c, n, f->minargs, f->varargs ? -1 : f->maxargs);
	else
		proto_len(c, n, a->minargs, a->maxargs);
	for (int i = 0; i < n->nargs; i++)
		dsema_types(c, n->args[i]);
	n->type = DTYPE_VOID;
	n->refkind = REF_NONE;
	return 1;
}

void dact_statement(dcomp *c, dnode *n, int *records)
{
	if (n->kind == N_IF) {
		dsema_types(c, n->x);
		if (!is_scalar(n->x->type))
			dc_fail(c, n->x->loc, "D_IF_TYPE", "if condition must be of integral type");
		for (int i = 0; i < n->l->nargs; i++)
			dact_statement(c, n->l->args[i], records);
		for (int i = 0; n->r && i < n->r->nargs; i++)
			dact_statement(c, n->r->args[i], records);
		return;
	}
	if (n->kind == N_ASSIGN && n->l->kind == N_AGG) {
		agg_assign(c, n);
		return;
	}
	if (n->kind == N_AGG) {
		/* @a; alone: DTrace's message when @a is known, else it is unknown */
		if (!n->nargs && !agg_named(c, n->name))
			dc_fail(c, n->loc, "D_IDENT_UNDEF", "failed to resolve @%s: Unknown variable name",
				n->name);
		dc_fail(c, n->loc, "D_AGG_NULL", "expression has null effect: @%s", n->name);
	}
	if (n->kind == N_CALL) {
		if (dsema_is_stackfn(n->name)) {
			/* stack(); as a statement is DTrace's stack action: trace(stack()) */
			dnode *v = dnode_new(c, N_CALL, n->loc);
			*v = *n;
			n->name = "trace";
			n->args = darena_alloc(c->arena, sizeof(*n->args));
			n->args[0] = v;
			n->nargs = 1;
		}
		const dact_info *a = action(c, n);
		if (a) {
			/* commit and discard record no data of their own; after
			 * speculate() the clause's probe line goes to the buffer */
			if (!(a->flags & DACT_NOREC))
				*records = 1;
			return;
		}
		if (find_aggfn(n->name))
			dc_fail(c, n->loc, "D_CG_EXPR", "aggregating function %s( ) may not be called from "
				"a D expression (D program context required)", n->name);
		/* a subroutine called for its effect (bcopy, copyinto) */
	}
	dsema_types(c, n);
}

/* Is n the speculation action of that kind (DA_SPECULATE, DA_COMMIT, DA_DISCARD)? */
static int is_act(dcomp *c, const dnode *n, int kind)
{
	const dact_info *a = n->kind == N_CALL ? dact_find(n->name) : NULL;

	return a && (a->flags & DACT_SPEC) && c->prog->acts && n->ref >= 0 &&
	       (uint32_t)n->ref < c->prog->vm.nacts && c->prog->acts[n->ref].kind == kind;
}

/* Does n have a flag of mask? */
static int act_flag(const dnode *n, int mask)
{
	const dact_info *a = n->kind == N_CALL ? dact_find(n->name) : NULL;

	return a && (a->flags & mask);
}

/* Is n a destructive action (DTRACEACT_ISDESTRUCTIVE: on processes or on the kernel)? */
static int destructive_call(const dnode *n)
{
	return dsema_kernel_destructive(n->name) || act_flag(n, DACT_DESTRUCTIVE);
}

/* DTrace's rules for speculations in one clause, each with DTrace's tag:
 * speculate() comes first and once; after it no aggregation and no exit();
 * commit() (once or more) is not mixed with data-recording actions or aggregations (after
 * discard() they are allowed). */
void dact_spec_rules(dcomp *c, const dclause *cl)
{
	int spec = 0, data = 0, commit = 0;

	for (int i = 0; i < cl->nstmts; i++) {
		const dnode *n = cl->stmts[i];
		int agg = n->kind == N_ASSIGN && n->l->kind == N_AGG;
		int ex = act_flag(n, DACT_EXIT);
		if (is_act(c, n, DA_SPECULATE)) {
			if (spec)
				dc_fail(c, n->loc, "D_SPEC_SPEC", "speculate( ) may not follow speculate( )");
			if (commit)
				dc_fail(c, n->loc, "D_SPEC_COMM", "speculate( ) may not follow commit( )");
			if (data)
				dc_fail(c, n->loc, "D_SPEC_DREC", "speculate( ) may not follow data-recording "
					"actions");
			spec = 1;
		} else if (is_act(c, n, DA_COMMIT)) {
			/* commit() after commit() is allowed (Oracle's DTrace) */
			if (data)
				dc_fail(c, n->loc, "D_COMM_DREC", "commit( ) may not follow data-recording "
					"actions");
			commit = 1;
		} else if (spec && n->kind == N_CALL && destructive_call(n)) {
			dc_fail(c, n->loc, "D_ACT_SPEC", "destructive actions may not follow speculate( )");
		} else if (agg) {
			if (spec)
				dc_fail(c, n->loc, "D_AGG_SPEC", "aggregating actions may not follow "
					"speculate( )");
			if (commit)
				dc_fail(c, n->loc, "D_AGG_COMM", "aggregating actions may not follow commit( )");
		} else if (act_flag(n, DACT_DATA)) {
			if (ex && spec)
				dc_fail(c, n->loc, "D_EXIT_SPEC", "exit( ) may not follow speculate( )");
			if (commit)
				dc_fail(c, n->loc, "D_DREC_COMM", "data-recording actions may not follow "
					"commit( )");
			data = 1;
		}
	}
}

