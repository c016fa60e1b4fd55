/* Code generation: typed AST to probe VM bytecode, one pvm_code per clause,
 * with a line table and action numbers for run-time error messages.
 * Registers are allocated from a free mask; values in registers are kept
 * normalized to their D type (sign- or zero-extended to 64 bits). */
#include <string.h>

#include "dc/ast.h"

typedef struct gen {
	dcomp *c;
	pvm_code *code;
	uint32_t cap;
	uint16_t freeregs; /* bit set: register free */
	uint32_t line;
	uint16_t action;
	dloc clause;       /* where the clause starts, for "clause is too long" */
} gen;

static uint32_t emit(gen *g, int op, int a, int b, int cc, int32_t imm)
{
	pvm_code *code = g->code;

	if (code->n == PVM_MAX_INSNS)
		dc_fail(g->c, g->clause, "D_DIF_LEN", "clause is too long: more than %d instructions "
			"(the limit is crossed at line %u)", PVM_MAX_INSNS, g->line);
	if (code->n == g->cap) {
		uint32_t ncap = g->cap ? g->cap * 2 : 64;
		pvm_insn *ni = darena_alloc(g->c->arena, ncap * sizeof(*ni));
		uint32_t *nl = darena_alloc(g->c->arena, ncap * sizeof(*nl));
		uint16_t *na = darena_alloc(g->c->arena, ncap * sizeof(*na));
		if (code->n) {
			memcpy(ni, code->insns, code->n * sizeof(*ni));
			memcpy(nl, code->line, code->n * sizeof(*nl));
			memcpy(na, code->action, code->n * sizeof(*na));
		}
		code->insns = ni, code->line = nl, code->action = na;
		g->cap = ncap;
	}
	code->insns[code->n] = (pvm_insn){ (uint8_t)op, (uint8_t)a, (uint8_t)b, (uint8_t)cc, imm };
	code->line[code->n] = g->line;
	code->action[code->n] = g->action;
	return code->n++;
}

/* Point the jump at pc to the next instruction to be emitted. */
static void patch(gen *g, uint32_t pc)
{
	g->code->insns[pc].imm = (int32_t)(g->code->n - pc - 1);
}

static int ralloc(gen *g, dloc loc)
{
	if (!g->freeregs)
		dc_fail(g->c, loc, "D_DIF_REGS", "expression is too complex: out of registers");
	int r = __builtin_ctz(g->freeregs);
	g->freeregs &= (uint16_t)~(1u << r);
	return r;
}

static void rfree(gen *g, int r)
{
	g->freeregs |= (uint16_t)(1u << r);
}

static int str_index(gen *g, const char *s)
{
	pvm_prog *vm = &g->c->prog->vm;

	for (uint32_t i = 0; i < vm->nstrs; i++)
		if (!strcmp(vm->strs[i], s))
			return (int)i;
	vm->strs = darena_push(g->c->arena, (void *)vm->strs, (int)vm->nstrs, sizeof(*vm->strs));
	vm->strs[vm->nstrs] = s;
	return (int)vm->nstrs++;
}

static void load_const(gen *g, int r, int64_t v)
{
	pvm_prog *vm = &g->c->prog->vm;

	if (v >= INT32_MIN && v <= INT32_MAX) {
		emit(g, PVM_LDI, r, 0, 0, (int32_t)v);
		return;
	}
	vm->consts = darena_push(g->c->arena, vm->consts, (int)vm->nconsts, sizeof(*vm->consts));
	vm->consts[vm->nconsts] = v;
	emit(g, PVM_LDK, r, 0, 0, (int32_t)vm->nconsts++);
}

/* Bring r to type t's width: sign- or zero-extend from its size. */
static void normalize(gen *g, int r, dtype t)
{
	int op = t.sign ? PVM_SEXT : PVM_ZEXT;
	const pvm_insn *last = g->code->n ? &g->code->insns[g->code->n - 1] : NULL;

	if (t.kind != DT_INT || t.size >= 8)
		return;
	/* already done by the instruction before */
	if (last && last->op == op && last->a == r && last->imm == t.size)
		return;
	emit(g, op, r, 0, 0, t.size);
}

static int expr(gen *g, dnode *n);
static void push_list(gen *g, dnode **args, int n);

static const pvm_vardesc *vardesc(gen *g, const dnode *n)
{
	return &g->c->prog->vm.vars[n->ref];
}

/* Keys of an array reference go on the tuple stack before LDA/STA. */
static void push_keys(gen *g, dnode *n)
{
	if (n->kind == N_INDEX)
		push_list(g, n->args, n->nargs);
}

static void var_load(gen *g, dnode *n, int r)
{
	static const int ops[] = { [PVM_GLOBAL] = PVM_LDG, [PVM_THREAD] = PVM_LDT,
				   [PVM_CLAUSE] = PVM_LDL, [PVM_ARRAY] = PVM_LDA };
	if (n->refkind == REF_BUILTIN) {
		emit(g, PVM_LDB, r, 0, 0, n->ref);
		return;
	}
	push_keys(g, n);
	emit(g, ops[vardesc(g, n)->scope], r, 0, 0, n->ref);
}

static void var_store(gen *g, dnode *n, int r)
{
	static const int ops[] = { [PVM_GLOBAL] = PVM_STG, [PVM_THREAD] = PVM_STT,
				   [PVM_CLAUSE] = PVM_STL, [PVM_ARRAY] = PVM_STA };
	push_keys(g, n);
	emit(g, ops[vardesc(g, n)->scope], r, 0, 0, n->ref);
}

/* The LDM/STM size operand of a scalar in memory. */
static int mem_size(dtype t)
{
	return t.kind == DT_PTR ? 8 : t.size | (t.sign ? PVM_SIGNED : 0);
}

/* The bytes at a bit-field's address that hold all its bits: 1, 2, 4 or 8. */
static int field_bytes(const dnode *n)
{
	int end = n->bitoff + n->bits;

	return end <= 8 ? 1 : end <= 16 ? 2 : end <= 32 ? 4 : 8;
}

static uint64_t field_mask(const dnode *n)
{
	return n->bits >= 64 ? ~0ull : (1ull << n->bits) - 1;
}

/* r := the bit-field n at the address in ad: the bytes holding it shifted
 * left until its top bit is bit 63, then right (arithmetic when signed)
 * until its low bit is bit 0. */
static void field_load(gen *g, dnode *n, int r, int ad)
{
	int k = ralloc(g, n->loc);

	emit(g, PVM_LDM, r, ad, 0, field_bytes(n));
	emit(g, PVM_LDI, k, 0, 0, 64 - n->bits - n->bitoff);
	emit(g, PVM_SHL, r, r, k, 0);
	emit(g, PVM_LDI, k, 0, 0, 64 - n->bits);
	emit(g, n->type.sign ? PVM_SAR : PVM_SHR, r, r, k, 0);
	rfree(g, k);
}

/* Store the low bits of r into bit-field n at the address in ad: the bytes
 * holding it are read, its bits replaced, and written back. */
static void field_store(gen *g, dnode *n, int r, int ad)
{
	int w = ralloc(g, n->loc), m = ralloc(g, n->loc), v = ralloc(g, n->loc);

	emit(g, PVM_LDM, w, ad, 0, field_bytes(n));
	load_const(g, m, (int64_t)~(field_mask(n) << n->bitoff));
	emit(g, PVM_AND, w, w, m, 0);
	load_const(g, m, (int64_t)field_mask(n));
	emit(g, PVM_AND, v, r, m, 0);
	emit(g, PVM_LDI, m, 0, 0, n->bitoff);
	emit(g, PVM_SHL, v, v, m, 0);
	emit(g, PVM_OR, w, w, v, 0);
	emit(g, PVM_STM, w, ad, 0, field_bytes(n));
	rfree(g, w), rfree(g, m), rfree(g, v);
}

/* p->m with p NULL faults at address 0, not at the member's, as Oracle
 * DTrace checks p before adding the offset: a load from r when r is 0. */
static void null_check(gen *g, int r)
{
	uint32_t j = emit(g, PVM_JNZ, r, 0, 0, 0);

	emit(g, PVM_LDM, r, r, 0, 1);
	patch(g, j);
}

/* The address of p->m (and p->m.n ...), n->arrowoff past p, with p checked
 * first: p's own tree when the address is p plus constants, else p is the
 * address less the offset. */
static int arrow_addr(gen *g, const dnode *n)
{
	const dnode *a = n->l;
	int64_t sum = 0;

	while (a->kind == N_BINARY && a->op == T_PLUS && a->r->kind == N_INT && sum < n->arrowoff) {
		sum += a->r->ival;
		a = a->l;
	}
	int r = expr(g, sum == n->arrowoff ? (dnode *)a : n->l), b = ralloc(g, n->loc);
	load_const(g, b, n->arrowoff);
	if (sum == n->arrowoff) {
		null_check(g, r);
		emit(g, PVM_ADD, r, r, b, 0);
	} else {
		emit(g, PVM_SUB, b, r, b, 0);
		null_check(g, b);
	}
	rfree(g, b);
	return r;
}

/* Load or store a variable, or a scalar in memory at the address in ad. */
static void lval_load(gen *g, dnode *n, int r, int ad)
{
	if (n->kind == N_DEREF && n->bits)
		field_load(g, n, r, ad);
	else if (n->kind == N_DEREF)
		emit(g, PVM_LDM, r, ad, 0, mem_size(n->type));
	else
		var_load(g, n, r);
}

static void lval_store(gen *g, dnode *n, int r, int ad)
{
	if (n->kind == N_DEREF && n->bits)
		field_store(g, n, r, ad);
	else if (n->kind == N_DEREF)
		emit(g, PVM_STM, r, ad, 0, mem_size(n->type) & ~PVM_SIGNED);
	else
		var_store(g, n, r);
}

/* The address register of a memory lvalue, or -1 for a variable. */
static int lval_addr(gen *g, dnode *n);

static void convert(gen *g, int r, dtype from, dtype to)
{
	if (to.kind == DT_INT && from.kind == DT_INT &&
	    (to.size < from.size || (to.size == from.size && to.sign != from.sign) ||
	     (to.size > from.size && !from.sign && to.sign)))
		normalize(g, r, to);
}

static int arith_op(int tok, int sign)
{
	switch (tok) {
	case T_PLUS: return PVM_ADD;
	case T_MINUS: return PVM_SUB;
	case T_STAR: return PVM_MUL;
	case T_SLASH: return sign ? PVM_SDIV : PVM_UDIV;
	case T_PERCENT: return sign ? PVM_SREM : PVM_UREM;
	case T_AMP: return PVM_AND;
	case T_BOR: return PVM_OR;
	case T_XOR: return PVM_XOR;
	case T_SHL: return PVM_SHL;
	case T_SHR: return sign ? PVM_SAR : PVM_SHR;
	default: return -1;
	}
}

/* Comparison of b and c into a; operands already converted to one type. */
static void compare(gen *g, int tok, int a, int b, int c, int sign)
{
	switch (tok) {
	case T_EQ: emit(g, PVM_EQ, a, b, c, 0); break;
	case T_NE: emit(g, PVM_NE, a, b, c, 0); break;
	case T_LT: emit(g, sign ? PVM_LT : PVM_LTU, a, b, c, 0); break;
	case T_LE: emit(g, sign ? PVM_LE : PVM_LEU, a, b, c, 0); break;
	case T_GT: emit(g, sign ? PVM_LT : PVM_LTU, a, c, b, 0); break;
	case T_GE: emit(g, sign ? PVM_LE : PVM_LEU, a, c, b, 0); break;
	}
}

static int logical(gen *g, dnode *n)
{
	int d = expr(g, n->l), r;

	emit(g, PVM_LNOT, d, d, 0, 0);
	emit(g, PVM_LNOT, d, d, 0, 0);
	if (n->op == T_LXOR) {
		r = expr(g, n->r);
		emit(g, PVM_LNOT, r, r, 0, 0);
		emit(g, PVM_LNOT, r, r, 0, 0);
		emit(g, PVM_XOR, d, d, r, 0);
		rfree(g, r);
		return d;
	}
	uint32_t j = emit(g, n->op == T_LAND ? PVM_JZ : PVM_JNZ, d, 0, 0, 0);
	r = expr(g, n->r);
	emit(g, PVM_LNOT, d, r, 0, 0);
	emit(g, PVM_LNOT, d, d, 0, 0);
	rfree(g, r);
	patch(g, j);
	return d;
}

/* s[i] (a char), and s + n, n + s, s - n (the string from byte n on) of
 * string s in l or r; the result is in l. */
static int string_op(gen *g, dnode *n, int l, int r)
{
	if (n->op == T_LBRACK) {
		emit(g, PVM_SIDX, l, l, r, 0);
	} else {
		if (n->l->type.kind != DT_STRING) {
			int t = l;
			l = r;
			r = t;
		}
		if (n->op == T_MINUS)
			emit(g, PVM_NEG, r, r, 0, 0);
		emit(g, PVM_SADD, l, l, r, 0);
	}
	rfree(g, r);
	return l;
}

static int binary(gen *g, dnode *n)
{
	if (n->op == T_LAND || n->op == T_LOR || n->op == T_LXOR)
		return logical(g, n);
	if (n->op == T_COMMA) {
		rfree(g, expr(g, n->l));
		return expr(g, n->r);
	}

	int l = expr(g, n->l), r = expr(g, n->r);
	dtype lt = n->l->type, rt = n->r->type;

	if (n->op == T_LBRACK || n->type.kind == DT_STRING)
		return string_op(g, n, l, r);
	switch (n->op) {
	case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
		if (lt.kind == DT_STRING) {
			int z = ralloc(g, n->loc), d = ralloc(g, n->loc);
			emit(g, PVM_SCMP, d, l, r, 0);
			emit(g, PVM_LDI, z, 0, 0, 0);
			compare(g, n->op, d, d, z, 1);
			rfree(g, z), rfree(g, l), rfree(g, r);
			return d;
		} else {
			/* compare in the converted type of both operands */
			dtype t = dsema_arith(lt, rt);
			convert(g, l, lt, t);
			convert(g, r, rt, t);
			compare(g, n->op, l, l, r, t.sign);
		}
		rfree(g, r);
		return l;
	case T_SHL: case T_SHR:
		emit(g, arith_op(n->op, lt.sign), l, l, r, 0);
		rfree(g, r);
		return l; /* 64 bits, as below */
	default:
		convert(g, l, lt, n->type);
		convert(g, r, rt, n->type);
		emit(g, arith_op(n->op, n->type.sign), l, l, r, 0);
		/* DTrace's arithmetic is 64-bit: an int result is not cut to
		 * 32 bits until it is stored or cast (i * i / i is i) */
		if (n->type.kind == DT_INT) {
			rfree(g, r);
			return l;
		}
	}
	normalize(g, l, n->type);
	rfree(g, r);
	return l;
}

/* v sign- or zero-extended from t's size */
static int64_t to_type_bits(int64_t v, dtype t)
{
	int sh = 64 - 8 * t.size;

	return t.sign ? (int64_t)((uint64_t)v << sh) >> sh : (int64_t)(((uint64_t)v << sh) >> sh);
}

/* Whether the value of n may have bits beyond its integer type's: the
 * result of arithmetic, 64-bit as in DTrace until stored or cast. */
static int wide(const dnode *n)
{
	if (n->type.kind != DT_INT || n->type.size >= 8)
		return 0;
	if (n->kind == N_COND)
		return wide(n->l) || wide(n->r);
	if (n->kind == N_INT) /* folded arithmetic */
		return n->ival != to_type_bits(n->ival, n->type);
	return n->kind == N_BINARY && n->op != T_LAND && n->op != T_LOR && n->op != T_LXOR &&
	       n->op != T_EQ && n->op != T_NE && n->op != T_LT && n->op != T_LE &&
	       n->op != T_GT && n->op != T_GE;
}

/* s = 0 of a thread-local or array string: free it; the value is 0 */
static int free_var(gen *g, dnode *n)
{
	int z;

	push_keys(g, n->l);
	emit(g, PVM_DEL, 0, 0, 0, n->l->ref);
	z = ralloc(g, n->loc);
	/* the assignment's value: 0, or for a string variable the empty
	 * string (a register the verifier knows as a string) */
	if (n->l->type.kind == DT_STRING)
		emit(g, PVM_LDS, z, 0, 0, str_index(g, ""));
	else
		emit(g, PVM_LDI, z, 0, 0, 0);
	return z;
}

/* bcopy(src, dst, len), src pushed by push (PVM_PUSHI or PVM_PUSHS); the
 * call's result goes to len */
static void call_bcopy(gen *g, int push, int src, int dst, int len)
{
	emit(g, push, src, 0, 0, 0);
	emit(g, PVM_PUSHI, dst, 0, 0, 0);
	emit(g, PVM_PUSHI, len, 0, 0, 0);
	emit(g, PVM_CALL, len, 0, 0, PVM_SUBR_BCOPY);
}

/* a = b of structs or arrays: bcopy(&b, &a, sizeof a) */
static int copy_object(gen *g, dnode *n)
{
	int src = expr(g, n->r->l), dst = expr(g, n->l->l), len = ralloc(g, n->loc);

	load_const(g, len, dtype_sizeof(&g->c->prog->types, n->l->type));
	call_bcopy(g, PVM_PUSHI, src, dst, len);
	rfree(g, src);
	rfree(g, dst);
	return len;
}

/* *p = s of a string in memory: bcopy(s, p, n->ival), strsize + 1 bytes:
 * the string's and zeros after them; the value is s */
static int store_string(gen *g, dnode *n)
{
	int s = expr(g, n->r), dst = expr(g, n->l->l), len = ralloc(g, n->loc);

	load_const(g, len, n->ival);
	call_bcopy(g, PVM_PUSHS, s, dst, len);
	rfree(g, dst);
	rfree(g, len);
	return s;
}

/* x op= e is x = x op e: x is read before e is evaluated (DTrace's
 * order: i += i++ adds to i's old value); both are converted to their common
 * type (a shift keeps x's), the result converted back */
static int compound_assign(gen *g, dnode *n)
{
	dnode *v = n->l;
	int base = 0;

	switch (n->op) {
	case T_ADD_EQ: base = T_PLUS; break;
	case T_SUB_EQ: base = T_MINUS; break;
	case T_MUL_EQ: base = T_STAR; break;
	case T_DIV_EQ: base = T_SLASH; break;
	case T_MOD_EQ: base = T_PERCENT; break;
	case T_AND_EQ: base = T_AMP; break;
	case T_OR_EQ: base = T_BOR; break;
	case T_XOR_EQ: base = T_XOR; break;
	case T_SHL_EQ: base = T_SHL; break;
	case T_SHR_EQ: base = T_SHR; break;
	}
	int ad = lval_addr(g, v), cur = ralloc(g, n->loc);
	int shift = base == T_SHL || base == T_SHR;
	dtype ct = shift ? v->type : dsema_arith(v->type, n->r->type);

	lval_load(g, v, cur, ad);
	convert(g, cur, v->type, ct);
	int r = expr(g, n->r);
	if (!shift)
		convert(g, r, n->r->type, ct);
	emit(g, arith_op(base, ct.sign), cur, cur, r, 0);
	normalize(g, cur, ct);
	rfree(g, r);
	convert(g, cur, ct, v->type);
	lval_store(g, v, cur, ad);
	if (ad >= 0)
		rfree(g, ad);
	return cur;
}

static int assign(gen *g, dnode *n)
{
	dnode *v = n->l;

	if (v->kind == N_DEREF && (v->type.kind == DT_STRUCT || v->type.kind == DT_ARRAY))
		return copy_object(g, n);
	if (v->kind == N_DEREF && v->type.kind == DT_STRING)
		return store_string(g, n);

	if (n->op != T_ASSIGN)
		return compound_assign(g, n);

	int r = expr(g, n->r), ad = lval_addr(g, v);

	convert(g, r, n->r->type, v->type);
	if (wide(n->r))
		normalize(g, r, v->type);
	lval_store(g, v, r, ad);
	if (ad >= 0)
		rfree(g, ad);
	return r;
}

/* ++x, --x, x++, x-- on an integer variable */
static int incdec(gen *g, dnode *n, int post)
{
	int ad = lval_addr(g, n->l), cur = ralloc(g, n->loc), one = ralloc(g, n->loc), res;

	lval_load(g, n->l, cur, ad);
	emit(g, PVM_LDI, one, 0, 0, 1);
	res = post ? ralloc(g, n->loc) : cur;
	if (post)
		emit(g, PVM_MOV, res, cur, 0, 0);
	emit(g, n->op == T_INC ? PVM_ADD : PVM_SUB, cur, cur, one, 0);
	normalize(g, cur, n->l->type);
	lval_store(g, n->l, cur, ad);
	rfree(g, one);
	if (ad >= 0)
		rfree(g, ad);
	if (post)
		rfree(g, cur);
	return res;
}

static int expr(gen *g, dnode *n)
{
	int r, x;
	uint32_t j1, j2;

	g->line = (uint32_t)n->loc.line;
	switch (n->kind) {
	case N_INT: /* constants are already in their type's range */
		r = ralloc(g, n->loc);
		if (n->type.kind == DT_STRING) /* NULL where a string goes */
			emit(g, PVM_LDS, r, 0, 0, -1);
		else
			load_const(g, r, n->ival);
		return r;
	case N_STR:
		r = ralloc(g, n->loc);
		emit(g, PVM_LDS, r, 0, 0, str_index(g, n->sval));
		return r;
	case N_IDENT: case N_SELF: case N_THIS: case N_INDEX:
		r = ralloc(g, n->loc);
		var_load(g, n, r);
		return r;
	case N_MEMBER:
		r = ralloc(g, n->loc);
		emit(g, PVM_LDX, r, 0, 0, n->ref);
		return r;
	case N_GADDR:
		if (n->op == N_INDEX) {
			/* an array's struct element: made when stored to */
			push_list(g, n->args, n->nargs);
			r = ralloc(g, n->loc);
			emit(g, n->refkind ? PVM_MKAA : PVM_LDAA, r, 0, 0, (int32_t)n->ival);
			return r;
		}
		r = ralloc(g, n->loc);
		emit(g, n->op == N_THIS ? PVM_LDLA : n->op == N_SELF ? PVM_LDTA : PVM_LDGA, r, 0, 0,
		     (int32_t)n->ival);
		return r;
	case N_DEREF:
		/* a struct, array or long double is its address; a scalar
		 * (a float or double: its bytes) or string is read */
		if (n->arrowoff && n->type.kind != DT_STRUCT && n->type.kind != DT_ARRAY)
			r = arrow_addr(g, n);
		else
			r = expr(g, n->l);
		if (n->type.kind == DT_STRING)
			emit(g, PVM_STRM, r, r, 0, (int32_t)(n->ival > 0 ? n->ival : 0));
		else if (n->bits)
			field_load(g, n, r, r);
		else if (n->type.kind == DT_INT || n->type.kind == DT_PTR ||
			 (n->type.kind == DT_FLOAT && !DTYPE_IS_LDOUBLE(n->type)))
			emit(g, PVM_LDM, r, r, 0, mem_size(n->type));
		return r;
	case N_CAST:
		r = expr(g, n->l);
		convert(g, r, n->l->type, n->type);
		normalize(g, r, n->type);
		return r;
	case N_CALL:
		if (n->type.kind == DT_STACK) {
			if (n->type.form == PVM_STACK) {
				r = ralloc(g, n->loc);
				emit(g, PVM_STK, r, 0, 0, (int32_t)(n->ival << 1 | n->type.user));
			} else {
				x = expr(g, n->args[0]);
				r = ralloc(g, n->loc);
				emit(g, PVM_SYMV, r, x, 0, n->type.form << 1 | n->type.user);
				rfree(g, x);
			}
			return r;
		}
		push_list(g, n->args, n->nargs);
		r = ralloc(g, n->loc);
		emit(g, PVM_CALL, r, 0, 0, n->ref);
		normalize(g, r, n->type);
		return r;
	case N_UNARY:
		if (n->op == T_INC || n->op == T_DEC)
			return incdec(g, n, 0);
		r = expr(g, n->l);
		if (n->op == T_MINUS)
			emit(g, PVM_NEG, r, r, 0, 0);
		else if (n->op == T_TILDE)
			emit(g, PVM_NOT, r, r, 0, 0);
		else if (n->op == T_NOT)
			emit(g, PVM_LNOT, r, r, 0, 0);
		normalize(g, r, n->type);
		return r;
	case N_POSTFIX:
		return incdec(g, n, 1);
	case N_BINARY:
		return binary(g, n);
	case N_COND:
		/* the result register is the first branch's; it is dead on the
		 * other path until that branch's value is moved into it, so the
		 * branches nest without holding a register each */
		x = expr(g, n->x);
		j1 = emit(g, PVM_JZ, x, 0, 0, 0);
		rfree(g, x);
		r = expr(g, n->l);
		convert(g, r, n->l->type, n->type);
		j2 = emit(g, PVM_JMP, 0, 0, 0, 0);
		patch(g, j1);
		rfree(g, r);
		x = expr(g, n->r);
		convert(g, x, n->r->type, n->type);
		if (x != r) {
			g->freeregs &= (uint16_t)~(1u << r); /* free again: only x is held */
			emit(g, PVM_MOV, r, x, 0, 0);
			rfree(g, x);
		}
		patch(g, j2);
		return r;
	case N_ASSIGN:
		return assign(g, n);
	case N_FREE:
		return free_var(g, n);
	default:
		dc_fail(g->c, n->loc, "D_SYNTAX", "cannot generate code for this expression");
	}
}

static int lval_addr(gen *g, dnode *n)
{
	return n->kind == N_DEREF ? expr(g, n->l) : -1;
}

/* Whether the code of n may use the tuple stack: array elements (keys),
 * calls (arguments), aggregations, translations and assignments (a struct's
 * is a bcopy() call), anywhere inside. */
static int uses_tuple(const dnode *n)
{
	if (!n)
		return 0;
	if (n->kind == N_INDEX || n->kind == N_CALL || n->kind == N_AGG || n->kind == N_XLATE ||
	    n->kind == N_ASSIGN || n->kind == N_FREE || n->kind == N_BLOCK || n->kind == N_IF ||
	    (n->kind == N_GADDR && n->op == N_INDEX))
		return 1;
	for (int i = 0; i < n->nargs; i++)
		if (uses_tuple(n->args[i]))
			return 1;
	return uses_tuple(n->l) || uses_tuple(n->r) || uses_tuple(n->x);
}

/* Push the long double at address ad (freed) as its two 8-byte halves,
 * low half first: its 16 bytes in order. */
static void push_ldouble(gen *g, int ad, dloc loc)
{
	int v = ralloc(g, loc), k = ralloc(g, loc);

	emit(g, PVM_LDM, v, ad, 0, 8);
	emit(g, PVM_PUSHI, v, 0, 0, 0);
	emit(g, PVM_LDI, k, 0, 0, 8);
	emit(g, PVM_ADD, ad, ad, k, 0);
	emit(g, PVM_LDM, v, ad, 0, 8);
	emit(g, PVM_PUSHI, v, 0, 0, 0);
	rfree(g, v);
	rfree(g, k);
	rfree(g, ad);
}

/* Push the n values of args. A value that may itself use the tuple stack
 * is evaluated before the first push; the others are evaluated as they are
 * pushed, so that printf() may take more values than there are registers. */
/* A struct key at the address in ad: its bytes pushed as integers, 8
 * bytes at a time, then 4, 2, 1 (dsema_key_chunks). */
static void push_object(gen *g, dnode *n, int ad)
{
	uint8_t sizes[PVM_MAX_TUPLE];
	int k = dsema_key_chunks(dtype_sizeof(&g->c->prog->types, n->type), sizes, PVM_MAX_TUPLE), t, off;

	for (int i = 0; i < k; i++) {
		t = ralloc(g, n->loc);
		emit(g, PVM_LDM, t, ad, 0, sizes[i]);
		emit(g, PVM_PUSHI, t, 0, 0, 0);
		off = ralloc(g, n->loc);
		emit(g, PVM_LDI, off, 0, 0, sizes[i]);
		emit(g, PVM_ADD, ad, ad, off, 0);
		rfree(g, off);
		rfree(g, t);
	}
}

static void push_list(gen *g, dnode **args, int n)
{
	int regs[PVM_MAX_ARGS];

	for (int i = 0; i < n; i++)
		regs[i] = uses_tuple(args[i]) ? expr(g, args[i]) : -1;
	for (int i = 0; i < n; i++) {
		int r = regs[i] >= 0 ? regs[i] : expr(g, args[i]);

		if (DTYPE_IS_LDOUBLE(args[i]->type)) {
			push_ldouble(g, r, args[i]->loc);
			continue;
		}
		if (args[i]->type.kind == DT_STRUCT)
			push_object(g, args[i], r);
		else
			emit(g, args[i]->type.kind == DT_STRING ? PVM_PUSHS :
				args[i]->type.kind == DT_STACK ? PVM_PUSHK : PVM_PUSHI, r, 0, 0, 0);
		rfree(g, r);
	}
}

static void statement(gen *g, dnode *n);

static void block(gen *g, dnode *b)
{
	for (int i = 0; b && i < b->nargs; i++)
		statement(g, b->args[i]);
}

/* trace() or print() of a struct, array or long double: TRACEM of its
 * bytes for action n->ref. Returns 0 for any other value. */
static int trace_object(gen *g, dnode *n)
{
	dtype t = n->args[0]->type;

	if (t.kind != DT_STRUCT && t.kind != DT_ARRAY && !DTYPE_IS_LDOUBLE(t))
		return 0;
	int ad = expr(g, n->args[0]), len = ralloc(g, n->loc);
	load_const(g, len, dtype_sizeof(&g->c->prog->types, t));
	emit(g, PVM_TRACEM, ad, len, 0, n->ref);
	rfree(g, ad);
	rfree(g, len);
	return 1;
}

/* print(p) of a pointer to a struct or union: one record of the pointer
 * (8 bytes) and the bytes of the object it points to, put together in
 * alloca() memory, as Oracle's DTrace records them. */
static int print_pointee(gen *g, dnode *n)
{
	const dtypetab *tt = &g->c->prog->types;
	dtype t = n->args[0]->type;

	if (t.kind != DT_PTR || tt->t[t.ref].elem.kind != DT_STRUCT)
		return 0;
	uint32_t size = dtype_sizeof(tt, tt->t[t.ref].elem);
	int p = expr(g, n->args[0]), buf = ralloc(g, n->loc), len = ralloc(g, n->loc);
	int dst = ralloc(g, n->loc);
	load_const(g, len, 8 + (int64_t)size);
	emit(g, PVM_PUSHI, len, 0, 0, 0);
	emit(g, PVM_CALL, buf, 0, 0, PVM_SUBR_ALLOCA);
	emit(g, PVM_STM, p, buf, 0, 8);
	load_const(g, dst, 8);
	emit(g, PVM_ADD, dst, buf, dst, 0);
	int n2 = ralloc(g, n->loc);
	load_const(g, n2, size);
	call_bcopy(g, PVM_PUSHI, p, dst, n2);
	emit(g, PVM_TRACEM, buf, len, 0, n->ref);
	rfree(g, p);
	rfree(g, buf);
	rfree(g, len);
	rfree(g, dst);
	rfree(g, n2);
	return 1;
}

/* An action the consumer performs: its values pushed, then ACT. */
static void action(gen *g, dnode *n)
{
	const dtr_action *a = &g->c->prog->acts[n->ref];
	int r;

	switch (a->kind) {
	case DA_SYSTEM: case DA_FREOPEN:
		push_list(g, n->args + 1, n->nargs - 1);
		break;
	case DA_SETOPT:
		push_list(g, n->args, n->nargs);
		break;
	case DA_TRUNC: case DA_NORMALIZE:
		push_list(g, n->args + 1, n->nargs - 1);
		break;
	case DA_SPECULATE: {
		/* speculate(0): the rest of the clause is not run and the firing
		 * shows nothing (Oracle's DTrace leaves the clause) */
		int id = expr(g, n->args[0]);
		uint32_t j = emit(g, PVM_JNZ, id, 0, 0, 0);
		emit(g, PVM_FALSE, 0, 0, 0, 0);
		patch(g, j);
		emit(g, PVM_PUSHI, id, 0, 0, 0);
		rfree(g, id);
		break;
	}
	case DA_COMMIT: case DA_DISCARD: {
		int id = expr(g, n->args[0]);
		emit(g, PVM_SPECID, id, 0, 0, 0);
		emit(g, PVM_PUSHI, id, 0, 0, 0);
		rfree(g, id);
		break;
	}
	case DA_PRINT:
		if (trace_object(g, n) || print_pointee(g, n))
			return;
		push_list(g, n->args, 1);
		break;
	case DA_TRACEMEM: {
		/* tracemem(addr, size[, dsize]): min(dsize, size) bytes */
		int ad = expr(g, n->args[0]), len = ralloc(g, n->loc);
		load_const(g, len, n->args[1]->ival);
		if (n->nargs == 3) {
			int d = expr(g, n->args[2]), lt = ralloc(g, n->loc);
			emit(g, PVM_LTU, lt, d, len, 0);
			uint32_t j = emit(g, PVM_JZ, lt, 0, 0, 0);
			emit(g, PVM_MOV, len, d, 0, 0);
			patch(g, j);
			rfree(g, d);
			rfree(g, lt);
		}
		emit(g, PVM_TRACEM, ad, len, 0, n->ref);
		rfree(g, ad);
		rfree(g, len);
		return;
	}
	case DA_RAISE: case DA_STOP:
		if (a->kind == DA_RAISE)
			push_list(g, n->args, 1);
		r = ralloc(g, n->loc);
		emit(g, PVM_LDB, r, 0, 0, PVM_B_PID);
		emit(g, PVM_PUSHI, r, 0, 0, 0);
		rfree(g, r);
		break;
	}
	emit(g, PVM_ACT, 0, 0, 0, n->ref);
}

static void statement(gen *g, dnode *n)
{
	int r;

	g->line = (uint32_t)n->loc.line;
	if (n->kind == N_IF) {
		r = expr(g, n->x);
		uint32_t j = emit(g, PVM_JZ, r, 0, 0, 0);
		rfree(g, r);
		block(g, n->l);
		if (n->r) {
			uint32_t j2 = emit(g, PVM_JMP, 0, 0, 0, 0);
			patch(g, j);
			block(g, n->r);
			patch(g, j2);
		} else {
			patch(g, j);
		}
		return;
	}
	if (n->kind == N_ASSIGN && n->l->kind == N_AGG) {
		dnode *f = n->r;
		const pvm_aggdesc *d = &g->c->prog->vm.aggs[n->l->ref];
		if (d->fn == PVM_AGG_COUNT && f->nargs == 0) {
			/* count(): no value, no increment */
			push_list(g, n->l->args, n->l->nargs);
			emit(g, PVM_AGGC, 0, 0, 0, n->l->ref);
			return;
		}
		int incr_arg = d->fn == PVM_AGG_QUANTIZE ? 1 : d->fn == PVM_AGG_LQUANTIZE ? 4 :
			       d->fn == PVM_AGG_LLQUANTIZE ? 5 : -1;
		int incr;
		/* value and increment first: they may use the tuple stack the keys go on */
		if (f->nargs > 0) {
			r = expr(g, f->args[0]);
		} else {
			r = ralloc(g, n->loc);
			emit(g, PVM_LDI, r, 0, 0, 1);
		}
		if (incr_arg > 0 && f->nargs > incr_arg) {
			incr = expr(g, f->args[incr_arg]);
		} else if (f->nargs == 0) {
			incr = r; /* count(): value and increment are both 1 */
		} else {
			incr = ralloc(g, n->loc);
			emit(g, PVM_LDI, incr, 0, 0, 1);
		}
		push_list(g, n->l->args, n->l->nargs);
		emit(g, PVM_AGG, incr, r, 0, n->l->ref);
		rfree(g, r);
		if (incr != r)
			rfree(g, incr);
		return;
	}
	if (n->kind == N_CALL && n->refkind != REF_SUBR) {
		if (!strcmp(n->name, "printf")) {
			push_list(g, n->args + 1, n->nargs - 1);
			emit(g, PVM_PRINTF, 0, 0, 0, n->ref);
			return;
		}
		if (strcmp(n->name, "exit") && strcmp(n->name, "trace")) {
			action(g, n);
			return;
		}
		if (!strcmp(n->name, "trace") && trace_object(g, n))
			return;
		r = expr(g, n->args[0]);
		if (!strcmp(n->name, "exit")) {
			emit(g, PVM_EXIT, r, 0, 0, 0);
		} else if (n->args[0]->type.kind == DT_STRING) {
			emit(g, PVM_TRACES, r, 0, 0, 0);
		} else if (n->args[0]->type.kind == DT_STACK) {
			emit(g, PVM_TRACEK, r, 0, 0, 0);
		} else {
			dtype t = n->args[0]->type;
			emit(g, PVM_TRACEI, r, 0, 0, t.size | (t.sign ? PVM_SIGNED : 0));
		}
		rfree(g, r);
		return;
	}
	rfree(g, expr(g, n));
}

/* The jump over the clause when predicate r is false: a comparison that
 * computed r just now and its branch become one instruction (JEQ, JNE),
 * unless a jump lands between the two. Returns the jump to patch. */
static uint32_t pred_branch(gen *g, int r)
{
	pvm_code *code = g->code;
	pvm_insn *last = code->n ? &code->insns[code->n - 1] : NULL;

	if (!last || (last->op != PVM_EQ && last->op != PVM_NE) || last->a != r)
		return emit(g, PVM_JZ, r, 0, 0, 0);
	for (uint32_t i = 0; i < code->n; i++)
		if ((pvm_ops[code->insns[i].op].flags & PV_JMP) && i + 1 + (int64_t)code->insns[i].imm == code->n)
			return emit(g, PVM_JZ, r, 0, 0, 0);
	*last = (pvm_insn){ last->op == PVM_EQ ? PVM_JNE : PVM_JEQ, last->b, last->c, 0, 0 };
	return code->n - 1;
}

void dgen_program(dcomp *c)
{
	pvm_prog *vm = &c->prog->vm;

	vm->nclauses = (uint32_t)c->nclauses;
	vm->clauses = darena_alloc(c->arena, sizeof(*vm->clauses) * (size_t)(c->nclauses + 1));
	for (int i = 0; i < c->nclauses; i++) {
		dclause *cl = &c->clauses[i];
		gen g = { .c = c, .code = &vm->clauses[i], .freeregs = 0xffff,
			  .line = (uint32_t)cl->loc.line, .clause = cl->loc };
		uint32_t skip = 0;

		if (cl->pred) {
			int r = expr(&g, cl->pred);
			skip = pred_branch(&g, r);
			rfree(&g, r);
		}
		for (int s = 0; s < cl->nstmts; s++) {
			g.action = (uint16_t)(s + 1);
			statement(&g, cl->stmts[s]);
		}
		emit(&g, PVM_RET, 0, 0, 0, 0);
		if (cl->pred) {
			/* a false predicate: the firing shows nothing */
			patch(&g, skip);
			emit(&g, PVM_FALSE, 0, 0, 0, 0);
		}
	}
}
