/* The D parser: recursive descent over the lexer's tokens into dclause and
 * dnode trees. Each function opens with its grammar production. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dc/ast.h"

dnode *dnode_new(dcomp *c, int kind, dloc loc)
{
	dnode *n = darena_alloc(c->arena, sizeof(*n));
	n->kind = kind;
	n->loc = loc;
	return n;
}

dnode *dnode_copy(dcomp *c, const dnode *n)
{
	if (!n)
		return NULL;
	dnode *d = dnode_new(c, n->kind, n->loc);
	*d = *n;
	d->l = dnode_copy(c, n->l);
	d->r = dnode_copy(c, n->r);
	d->x = dnode_copy(c, n->x);
	if (n->nargs) {
		d->args = darena_alloc(c->arena, sizeof(*d->args) * (size_t)n->nargs);
		for (int i = 0; i < n->nargs; i++)
			d->args[i] = dnode_copy(c, n->args[i]);
	}
	return d;
}

void dnode_bind(dcomp *c, dnode *e, int n, dnode *const *names, dnode *const *args)
{
	if (!e)
		return;
	for (int i = 0; e->kind == N_IDENT && i < n; i++)
		if (!strcmp(e->name, names[i]->name)) {
			dloc loc = e->loc;
			*e = *dnode_copy(c, args[i]);
			e->loc = loc;
			return;
		}
	dnode_bind(c, e->l, n, names, args);
	dnode_bind(c, e->r, n, names, args);
	dnode_bind(c, e->x, n, names, args);
	for (int i = 0; i < e->nargs; i++)
		dnode_bind(c, e->args[i], n, names, args);
}

static dtoken *peek(dcomp *c)
{
	if (!c->have_tok) {
		c->tok = dlex_next(c);
		c->have_tok = 1;
	}
	return &c->tok;
}

static dtoken next(dcomp *c)
{
	dtoken t = *peek(c);
	c->have_tok = 0;
	return t;
}

static int accept(dcomp *c, int kind)
{
	if (peek(c)->kind != kind)
		return 0;
	next(c);
	return 1;
}

_Noreturn static void syntax(dcomp *c, const dtoken *t)
{
	if (t->kind == T_EOF)
		dc_fail(c, t->loc, "D_SYNTAX", "syntax error near end of input");
	dc_fail(c, t->loc, "D_SYNTAX", "syntax error near \"%.*s\"", t->len, t->text);
}

static dtoken expect(dcomp *c, int kind)
{
	if (peek(c)->kind != kind)
		syntax(c, peek(c));
	return next(c);
}

/* The kind of the token after the lookahead, without consuming either. */
static dtoken peek2tok(dcomp *c)
{
	const char *p;
	int line, col;
	dtoken t;

	peek(c);
	p = c->p, line = c->line, col = c->col;
	int nopts = c->prog->nopts; /* a #pragma lexed ahead is lexed again */
	t = dlex_next(c);
	c->p = p, c->line = line, c->col = col;
	c->prog->nopts = nopts;
	return t;
}

static int peek2(dcomp *c)
{
	return peek2tok(c).kind;
}

/* A type as parsed, with its C spelling for print(). */
typedef struct tspec {
	dtype type;
	char name[160];
	int func;     /* a function (its declarator had a parameter list) */
	int unsized;  /* an array declared with [] */
} tspec;

static tspec type_spec(dcomp *c);
static dnode *postfix_of(dcomp *c, dnode *n);
static tspec declarator(dcomp *c, tspec base, dtoken *name);
static dtype type_name(dcomp *c);
static int is_type_start(dcomp *c, const dtoken *t);

static dnode *expr(dcomp *c);
static dnode *assign_expr(dcomp *c);

/* arg_list: assign_expr { ',' assign_expr } ; ending at close */
static void arg_list(dcomp *c, dnode *n, int close)
{
	c->depth++;
	if (peek(c)->kind != close) {
		do {
			n->args = darena_push(c->arena, n->args, n->nargs, sizeof(*n->args));
			n->args[n->nargs++] = assign_expr(c);
		} while (accept(c, T_COMMA));
	}
	expect(c, close);
	c->depth--;
}

/* primary: integer | string | identifier | macro | '@'name ['[' keys ']'] | '(' expr ')' */
static dnode *primary(dcomp *c)
{
	dtoken t = next(c);
	dnode *n;

	switch (t.kind) {
	case T_INT:
		n = dnode_new(c, N_INT, t.loc);
		n->ival = t.ival;
		n->type = t.itype;
		return n;
	case T_STR:
		n = dnode_new(c, N_STR, t.loc);
		n->sval = t.sval;
		/* adjacent string literals are not concatenated in D */
		return n;
	case T_IDENT:
		n = dnode_new(c, N_IDENT, t.loc);
		n->name = t.sval;
		return n;
	case T_MACRO:
		n = dnode_new(c, N_MACRO, t.loc);
		n->name = t.sval;
		return n;
	case T_AGG:
		n = dnode_new(c, N_AGG, t.loc);
		n->name = t.sval;
		if (accept(c, T_LBRACK)) {
			arg_list(c, n, T_RBRACK);
			if (n->nargs == 0)
				dc_fail(c, t.loc, "D_AGG_NULL", "aggregation key list may not be empty");
			if (peek(c)->kind == T_LBRACK)
				dc_fail(c, t.loc, "D_AGG_MDIM", "improper attempt to reference @%s as a "
					"multi-dimensional array", t.sval);
		}
		return n;
	case T_LPAREN:
		c->depth++;
		n = expr(c);
		c->depth--;
		expect(c, T_RPAREN);
		return n;
	default:
		syntax(c, &t);
	}
}

/* postfix: primary { '(' args ')' | '[' args ']' | '->' ident | '.' ident | '++' | '--' } */
static dnode *postfix_of(dcomp *c, dnode *n)
{
	dnode *p;

	for (;;) {
		dtoken *t = peek(c);
		if (t->kind == T_LPAREN && n->kind == N_IDENT) {
			next(c);
			p = dnode_new(c, N_CALL, n->loc);
			p->name = n->name;
			arg_list(c, p, T_RPAREN);
			n = p;
		} else if (t->kind == T_LPAREN) {
			/* a call of something not a name: tick-1() is tick - 1() */
			next(c);
			p = dnode_new(c, N_CALL, n->loc);
			arg_list(c, p, T_RPAREN);
			dc_fail(c, n->loc, "D_FUNC_IDENT", "function designator is not of function type");
		} else if (t->kind == T_ARROW && n->kind == N_IDENT &&
			   (!strcmp(n->name, "self") || !strcmp(n->name, "this"))) {
			next(c);
			dtoken id = expect(c, T_IDENT);
			p = dnode_new(c, n->name[0] == 's' ? N_SELF : N_THIS, n->loc);
			p->name = id.sval;
			n = p;
		} else if (t->kind == T_ARROW || t->kind == T_DOT) {
			p = dnode_new(c, N_MEMBER, t->loc);
			p->op = next(c).kind;
			p->name = expect(c, T_IDENT).sval;
			p->l = n;
			n = p;
		} else if (t->kind == T_LBRACK && n->kind != N_AGG) {
			next(c);
			p = dnode_new(c, N_INDEX, n->loc);
			p->l = n;
			arg_list(c, p, T_RBRACK);
			n = p;
		} else if (t->kind == T_INC || t->kind == T_DEC) {
			p = dnode_new(c, N_POSTFIX, t->loc);
			p->op = next(c).kind;
			p->l = n;
			n = p;
		} else {
			return n;
		}
	}
}

static dnode *postfix(dcomp *c)
{
	return postfix_of(c, primary(c));
}

/* unary: postfix | ('!' | '~' | '-' | '+' | '++' | '--' | '*' | '&') unary
 *      | '(' type ')' unary | 'sizeof' unary | 'sizeof' '(' type ')'
 *      | 'stringof' unary | 'offsetof' '(' type ',' ident ')' */
/* Parsing recurses once per nesting level of expressions and blocks: past
 * this depth the program is refused, before the stack runs out. */
#define MAX_NEST 1000

static void nest_in(dcomp *c, dloc loc)
{
	if (++c->nest > MAX_NEST)
		dc_fail(c, loc, "D_SYNTAX", "expressions or statements nested more than %d deep",
			MAX_NEST);
}

static dnode *unary_body(dcomp *c);

static dnode *unary(dcomp *c)
{
	nest_in(c, peek(c)->loc);
	dnode *n = unary_body(c);
	c->nest--;
	return n;
}

static dnode *unary_body(dcomp *c)
{
	dtoken *t = peek(c);
	dnode *n;

	switch (t->kind) {
	case T_NOT: case T_TILDE: case T_MINUS: case T_PLUS: case T_INC: case T_DEC:
	case T_STAR: case T_AMP:
		n = dnode_new(c, N_UNARY, t->loc);
		n->op = next(c).kind;
		n->l = unary(c);
		return n;
	case T_LPAREN: {
		dtoken t2 = peek2tok(c);
		if (is_type_start(c, &t2)) {
			/* cast: '(' type ')' unary */
			n = dnode_new(c, N_CAST, next(c).loc);
			n->type = type_name(c);
			expect(c, T_RPAREN);
			n->l = unary(c);
			return n;
		}
		return postfix(c);
	}
	case T_IDENT:
		if (!strcmp(t->sval, "xlate")) {
			/* xlate '<' type '>' '(' expr ')' */
			n = dnode_new(c, N_XLATE, next(c).loc);
			expect(c, T_LT);
			n->type = type_name(c);
			expect(c, T_GT);
			expect(c, T_LPAREN);
			c->depth++;
			n->l = expr(c);
			c->depth--;
			expect(c, T_RPAREN);
			return postfix_of(c, n);
		}
		if (!strcmp(t->sval, "offsetof")) {
			/* offsetof '(' type ',' member ')' */
			n = dnode_new(c, N_OFFSETOF, next(c).loc);
			expect(c, T_LPAREN);
			n->type = type_name(c);
			expect(c, T_COMMA);
			n->name = expect(c, T_IDENT).sval;
			expect(c, T_RPAREN);
			return n;
		}
		if (strcmp(t->sval, "sizeof") == 0 || strcmp(t->sval, "stringof") == 0) {
			n = dnode_new(c, t->sval[1] == 'i' ? N_SIZEOF : N_STRINGOF, t->loc);
			next(c);
			if (n->kind == N_SIZEOF && peek(c)->kind == T_LPAREN) {
				dtoken t2 = peek2tok(c);
				if (is_type_start(c, &t2)) {
					/* sizeof '(' type ')': sema sizes it */
					next(c);
					n->kind = N_OFFSETOF;
					n->type = type_name(c);
					expect(c, T_RPAREN);
					return n;
				}
			}
			n->l = unary(c);
			return n;
		}
		/* fall through */
	default:
		return postfix(c);
	}
}

static int binprec(int tok)
{
	switch (tok) {
	case T_LOR: return 1;
	case T_LXOR: return 2;
	case T_LAND: return 3;
	case T_BOR: return 4;
	case T_XOR: return 5;
	case T_AMP: return 6;
	case T_EQ: case T_NE: return 7;
	case T_LT: case T_LE: case T_GT: case T_GE: return 8;
	case T_SHL: case T_SHR: return 9;
	case T_PLUS: case T_MINUS: return 10;
	case T_STAR: case T_SLASH: case T_PERCENT: return 11;
	default: return 0;
	}
}

/* The '/' that closes a predicate: at paren depth 0 and followed by the
 * clause body (or nothing). */
static int closes_predicate(dcomp *c)
{
	if (!c->in_pred || c->depth != 0 || peek(c)->kind != T_SLASH)
		return 0;
	int k = peek2(c);
	return k == T_LBRACE || k == T_LT || k == T_EOF;
}

/* binary: unary { binop unary }, by precedence climbing */
static dnode *binary(dcomp *c, int minprec)
{
	dnode *l = unary(c);
	int chain = c->nest;

	for (;;) {
		dtoken *t = peek(c);
		int prec = binprec(t->kind);
		if (!prec || prec < minprec || closes_predicate(c)) {
			c->nest = chain; /* a chain of operators is as deep a tree as nesting */
			return l;
		}
		nest_in(c, t->loc);
		dnode *n = dnode_new(c, N_BINARY, t->loc);
		n->op = next(c).kind;
		n->l = l;
		n->r = binary(c, prec + 1);
		l = n;
	}
}

/* cond: binary [ '?' expr ':' cond ] */
static dnode *cond_expr(dcomp *c)
{
	dnode *n = binary(c, 1);

	if (peek(c)->kind != T_QUEST)
		return n;
	dnode *q = dnode_new(c, N_COND, next(c).loc);
	q->x = n;
	c->depth++;
	q->l = expr(c);
	c->depth--;
	expect(c, T_COLON);
	q->r = cond_expr(c);
	return q;
}

static int is_assign(int tok)
{
	return tok >= T_ASSIGN && tok <= T_SHR_EQ;
}

/* assign: cond [ assignop assign ] */
static dnode *assign_expr(dcomp *c)
{
	dnode *l = cond_expr(c);

	if (!is_assign(peek(c)->kind))
		return l;
	dnode *n = dnode_new(c, N_ASSIGN, peek(c)->loc);
	n->op = next(c).kind;
	n->l = l;
	n->r = assign_expr(c);
	return n;
}

/* expr: assign { ',' assign }: the comma operator, its value the last one */
static dnode *expr(dcomp *c)
{
	dnode *l = assign_expr(c);

	while (peek(c)->kind == T_COMMA) {
		dnode *n = dnode_new(c, N_BINARY, peek(c)->loc);
		n->op = next(c).kind;
		n->l = l;
		n->r = assign_expr(c);
		l = n;
	}
	return l;
}

static void add_stmt(dcomp *c, dnode ***stmts, int *n, dnode *s)
{
	*stmts = darena_push(c->arena, *stmts, *n, sizeof(**stmts));
	(*stmts)[(*n)++] = s;
}

static void statements(dcomp *c, dnode ***stmts, int *n, int close);

/* block: '{' statements '}' | statement */
static dnode *block(dcomp *c)
{
	dnode *b = dnode_new(c, N_BLOCK, peek(c)->loc);

	nest_in(c, b->loc);
	if (accept(c, T_LBRACE)) {
		statements(c, &b->args, &b->nargs, T_RBRACE);
		next(c);
	} else {
		statements(c, &b->args, &b->nargs, -1);
	}
	c->nest--;
	return b;
}

/* statement: ';' | 'if' '(' expr ')' block [ 'else' block ] | expr ';'
 * (the ';' may be left out before the closer) */
static void statements(dcomp *c, dnode ***stmts, int *n, int close)
{
	for (;;) {
		dtoken *t = peek(c);
		if (t->kind == close)
			return;
		if (t->kind == T_EOF)
			syntax(c, t);
		if (accept(c, T_SEMI)) {
			if (close < 0)
				return;
			continue;
		}
		if (t->kind == T_IDENT && !strcmp(t->sval, "if")) {
			dnode *i = dnode_new(c, N_IF, next(c).loc);
			expect(c, T_LPAREN);
			c->depth++;
			i->x = expr(c);
			c->depth--;
			expect(c, T_RPAREN);
			i->l = block(c);
			if (peek(c)->kind == T_IDENT && !strcmp(peek(c)->sval, "else")) {
				next(c);
				i->r = block(c);
			}
			add_stmt(c, stmts, n, i);
		} else {
			add_stmt(c, stmts, n, expr(c));
			if (peek(c)->kind != close && (close >= 0 || peek(c)->kind == T_SEMI))
				expect(c, T_SEMI);
		}
		if (close < 0)
			return; /* a single statement */
	}
}

/* body: '{' statements '}' | '<' statements '>' */
static void body(dcomp *c, dclause *cl)
{
	int close = next(c).kind == T_LBRACE ? T_RBRACE : T_GT;

	/* in a < > body a '>' closes only where a statement could begin */
	statements(c, &cl->stmts, &cl->nstmts, close);
	next(c);
}

/* The description with its macro variables expanded, as DTrace expands
 * them in probe descriptions: pid$target, syscall::$1:entry, pid$pid. */
static char *expand_spec(dcomp *c, const dtr_probespec *s)
{
	char out[1024];
	size_t o = 0;

	for (const char *p = s->text; *p && o < sizeof(out) - 32;) {
		if (*p != '$') {
			out[o++] = *p++;
			continue;
		}
		const char *q = ++p;
		while (*q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))
			q++;
		char name[32];
		snprintf(name, sizeof(name), "%.*s", (int)(q - p), p);
		const char *in = "";
		long long v = 0;
		if (name[0] >= '0' && name[0] <= '9') {
			unsigned long long k = strtoull(name, NULL, 10);
			if (k == 0)
				in = c->in->file ? c->in->file : "dtr";
			else if (k <= (unsigned long long)c->in->argc)
				in = c->in->argv[k - 1], c->argused[k] = 1;
			else if (!c->in->defaultargs)
				dc_fail(c, s->loc, "D_MACRO_UNDEF", "macro argument $%s is not defined", name);
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%.*s", (int)(sizeof(out) - o - 1), in);
			p = q;
			continue;
		}
		if (!strcmp(name, "target"))
			v = c->in->target < 0 ? 0 : c->in->target;
		else if (!strcmp(name, "pid"))
			v = getpid();
		else if (!strcmp(name, "ppid"))
			v = getppid();
		else
			dc_fail(c, s->loc, "D_MACRO_UNDEF", "macro variable $%s is not defined", name);
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%lld", v);
		p = q;
	}
	out[o] = 0;
	return darena_strndup(c->arena, out, o);
}

static void split_spec(dcomp *c, dtr_probespec *s)
{
	char *f[4] = { "", "", "", "" }, *copy = strchr(s->text, '$') ? expand_spec(c, s) :
		darena_strndup(c->arena, s->text, strlen(s->text));
	int n = 1;

	f[0] = copy;
	for (char *p = copy; *p; p++)
		if (*p == ':') {
			if (n == 4)
				dc_fail(c, s->loc, "D_PDESC_INVAL", "invalid probe description \"%s\": "
					"too many fields", s->text);
			*p = 0;
			f[n++] = p + 1;
		}
	/* fewer fields name the last ones: "entry" is :::entry, "read:entry" ::read:entry */
	char *fields[4] = { "", "", "", "" };
	for (int i = 0; i < n; i++)
		fields[4 - n + i] = f[i];
	s->prov = fields[0];
	if (!strcmp(s->prov, "fbt"))
		c->kernel_types = 1; /* the kernel's typedef names are types from here on */
	s->mod = fields[1];
	s->func = fields[2];
	s->name = fields[3];
}

/* clause: pdesc { ',' pdesc } [ '/' expr '/' ] [ body ] */
static void clause(dcomp *c, dtoken first)
{
	dclause *cl;

	c->clauses = darena_push(c->arena, c->clauses, c->nclauses, sizeof(*c->clauses));
	cl = &c->clauses[c->nclauses++];
	memset(cl, 0, sizeof(*cl));
	cl->loc = first.loc;
	for (dtoken t = first;;) {
		cl->specs = darena_push(c->arena, cl->specs, cl->nspecs, sizeof(*cl->specs));
		dtr_probespec *s = &cl->specs[cl->nspecs++];
		s->text = t.sval;
		s->loc = t.loc;
		split_spec(c, s);
		dlex_skip_space(c);
		if (*c->p != ',')
			break;
		c->p++, c->col++;
		if (!dlex_pdesc(c, &t)) {
			dtoken bad = dlex_next(c);
			syntax(c, &bad);
		}
	}
	if (accept(c, T_SLASH)) {
		c->in_pred = 1;
		cl->pred = expr(c);
		c->in_pred = 0;
		expect(c, T_SLASH);
	}
	if (peek(c)->kind == T_LBRACE || peek(c)->kind == T_LT)
		body(c, cl);
	else if (peek(c)->kind != T_EOF)
		syntax(c, peek(c));
}

int dparse_is_type_word(dcomp *c, const char *w)
{
	if (dtype_name_lookup(w))
		return 1;
	return !strcmp(w, "struct") || !strcmp(w, "union") || !strcmp(w, "enum") ||
	       dctype_typedef(c, w) != NULL;
}

static int is_type_start(dcomp *c, const dtoken *t)
{
	return t->kind == T_IDENT && dparse_is_type_word(c, t->sval);
}

/* An enumerator's value: an integral constant expression of integers,
 * enumerators and integer inlines declared before. */
static int64_t enum_value(dcomp *c, const char *name)
{
	dnode *v = cond_expr(c);

	if (!dsema_const_expr(c, v))
		dc_fail(c, v->loc, "D_DECL_ENCONST", "enumerator '%s' must be assigned to an "
			"integral constant expression", name);
	return v->ival;
}

/* enum-body: '{' ident [ '=' constant ] { ',' ... } [ ',' ] '}'
 * Each enumerator is an inline int constant. */
static void enum_body(dcomp *c, dtype et)
{
	int64_t v = 0;
	dctype *e;

	while (!accept(c, T_RBRACE)) {
		dtoken id = expect(c, T_IDENT);
		if (accept(c, T_ASSIGN))
			v = enum_value(c, id.sval);
		e = &c->prog->types.t[et.ref];
		for (int i = 0; i < e->nenums; i++)
			if (!strcmp(e->enums[i].name, id.sval))
				dc_fail(c, id.loc, "D_UNKNOWN", "failed to define enumerator '%s': "
					"Duplicate member or variable name", id.sval);
		if (v > INT32_MAX)
			dc_fail(c, id.loc, "D_DECL_ENOFLOW", "enumerator '%s' value overflows "
				"INT_MAX (%d)", id.sval, INT32_MAX);
		if (v < INT32_MIN)
			dc_fail(c, id.loc, "D_DECL_ENOFLOW", "enumerator '%s' value overflows "
				"INT_MIN (%d)", id.sval, INT32_MIN);
		for (int i = 0; i < c->ninlines; i++)
			if (!strcmp(c->inlines[i]->name, id.sval))
				dc_fail(c, id.loc, "D_DECL_IDRED", "identifier redeclared: %s", id.sval);
		dnode *d = dnode_new(c, N_IDENT, id.loc);
		d->name = id.sval;
		d->type = DTYPE_INT(4, 1);
		d->x = dnode_new(c, N_INT, id.loc);
		d->x->ival = v;
		d->x->type = DTYPE_INT(4, 1);
		c->inlines = darena_push(c->arena, c->inlines, c->ninlines, sizeof(*c->inlines));
		c->inlines[c->ninlines++] = d;
		e = &c->prog->types.t[et.ref];
		e->enums = darena_push(c->arena, e->enums, e->nenums, sizeof(*e->enums));
		e->enums[e->nenums++] = (denumval){ id.sval, v };
		v++;
		if (!accept(c, T_COMMA)) {
			expect(c, T_RBRACE);
			break;
		}
	}
	c->prog->types.t[et.ref].defined = 1;
}

/* A bit-field's width: its value when it is a positive integral
 * constant, else 0. */
static int64_t bitfield_width(dcomp *c)
{
	dnode *w = cond_expr(c);

	if (!dsema_const_expr(c, w) || w->ival == 0 || (w->type.sign && w->ival < 0))
		return 0;
	return w->ival;
}

/* sou-body: '{' { type member { ',' member } ';' } '}'
 * member: declarator [ ':' constant ] | ':' constant */
static void sou_body(dcomp *c, dtype st)
{
	if (c->prog->types.t[st.ref].defined)
		dc_fail(c, peek(c)->loc, "D_DECL_TYPERED", "type redeclared: %s %s",
			c->prog->types.t[st.ref].is_union ? "union" : "struct", c->prog->types.t[st.ref].name);
	while (!accept(c, T_RBRACE)) {
		/* a member starts with its type: a word no D type names is asked
		 * of the kernel's typedefs (__u8, bool), as DTrace knows them */
		if (peek(c)->kind == T_IDENT && !dparse_is_type_word(c, peek(c)->sval))
			c->kernel_types = 1;
		tspec base = type_spec(c);
		do {
			dtoken id;
			dloc at = peek(c)->loc;
			tspec m = declarator(c, base, &id);
			int64_t width = -1;
			if (accept(c, T_COLON))
				width = bitfield_width(c);
			if (!id.sval && width < 0)
				syntax(c, peek(c));
			if (m.func)
				dc_fail(c, id.loc, "D_DECL_VOIDOBJ", "cannot have void object: %s",
					id.sval);
			if (!id.sval && width == 0)
				continue; /* an unnamed bit-field of width 0 closes a unit: ignored */
			dctype_add_member(c, st, id.sval ? id.sval : "", darena_strndup(c->arena, m.name,
					  strlen(m.name)), m.type, width, id.sval ? id.loc : at);
		} while (accept(c, T_COMMA));
		expect(c, T_SEMI);
	}
	dctype_close(c, st);
}

/* The specifier words DTrace counts as attributes of a base type. */
enum { A_LONG = 1, A_LONGLONG = 2, A_SHORT = 4, A_SIGNED = 8, A_UNSIGNED = 16 };

static int attr_bit(const char *w)
{
	return !strcmp(w, "long") ? A_LONG : !strcmp(w, "short") ? A_SHORT :
	       !strcmp(w, "signed") ? A_SIGNED : !strcmp(w, "unsigned") ? A_UNSIGNED : 0;
}

static int is_fp_word(const char *w)
{
	return w && (!strcmp(w, "float") || !strcmp(w, "double"));
}

/* DTrace's checks of a specifier list as it grows: the attributes a base
 * type allows (base is NULL while only attributes were seen). long goes
 * with integers and floating-point types alike; what is no C type (long
 * float, short double) fails when the type is looked up. */
static void check_spec(dcomp *c, dloc loc, int attrs, const char *base, int is_int)
{
	if (!base)
		return;
	if (!strcmp(base, "char") && (attrs & (A_LONG | A_LONGLONG | A_SHORT)))
		dc_fail(c, loc, "D_DECL_CHARATTR", "invalid type declaration: short and long "
			"may not be used with char type");
	if (!strcmp(base, "void") && attrs)
		dc_fail(c, loc, "D_DECL_VOIDATTR", "invalid type declaration: attributes may "
			"not be used with void type");
	if (!is_int && (attrs & (A_SIGNED | A_UNSIGNED)))
		dc_fail(c, loc, "D_DECL_SIGNINT", "invalid type declaration: signed and unsigned "
			"may only be used with integer type");
	if (!is_int && !is_fp_word(base) && (attrs & (A_LONG | A_LONGLONG)))
		dc_fail(c, loc, "D_DECL_LONGINT", "invalid type declaration: long and long long "
			"may only be used with integer or floating-point type");
}

/* A second base type after the first (`char int`, `struct a {...} struct b`). */
static void check_combo(dcomp *c)
{
	const dtoken *t = peek(c);

	if (t->kind == T_IDENT && dparse_is_type_word(c, t->sval) && !attr_bit(t->sval) &&
	    !dctype_typedef(c, t->sval))
		dc_fail(c, t->loc, "D_DECL_COMBO", "invalid type combination");
}

/* struct-union-enum: ('struct' | 'union' | 'enum') [ident] [body], after
 * the attribute words attrs (which such a type does not take). */
static tspec tagged_spec(dcomp *c, int attrs)
{
	tspec ts = { .type = DTYPE_VOID };
	dtoken t = next(c);
	int is_enum = t.sval[0] == 'e', is_union = t.sval[0] == 'u';

	check_spec(c, t.loc, attrs, t.sval, 0);
	const char *tag = peek(c)->kind == T_IDENT ? next(c).sval : NULL;
	if ((!tag && peek(c)->kind != T_LBRACE) || (tag && strchr(tag, '`') &&
						    peek(c)->kind == T_LBRACE))
		syntax(c, peek(c));
	if (tag && strchr(tag, '`'))
		tag = strchr(tag, '`') + 1; /* D`s, vmlinux`s: the program's or kernel's s */
	ts.type = dctype_tag(c, is_enum ? DT_INT : DT_STRUCT, is_union, tag);
	snprintf(ts.name, sizeof(ts.name), "%s %s", t.sval, tag ? tag : "<anon>");
	if (accept(c, T_LBRACE)) {
		if (is_enum)
			enum_body(c, ts.type);
		else
			sou_body(c, ts.type);
	} else if (tag && !c->prog->types.t[ts.type.ref].defined) {
		c->kernel_types = 1; /* a tag the program does not define: the kernel's */
	}
	check_combo(c);
	return ts;
}

static int is_tag_word(const char *w)
{
	return !strcmp(w, "struct") || !strcmp(w, "union") || !strcmp(w, "enum");
}

/* type: typeword { typeword } | ('struct' | 'union') [ident] [sou-body]
 *     | 'enum' [ident] [enum-body] | typedef-name */
static tspec type_spec(dcomp *c)
{
	tspec ts = { .type = DTYPE_VOID };
	char *words[6];
	int n = 0, attrs = 0;
	const char *base = NULL;
	dtoken t = *peek(c);

	if (t.kind != T_IDENT)
		syntax(c, &t);
	if (is_tag_word(t.sval))
		return tagged_spec(c, 0);
	const dtypedef *td = dctype_typedef(c, t.sval);
	if (td) {
		next(c);
		ts.type = td->type;
		snprintf(ts.name, sizeof(ts.name), "%s", td->name);
		check_combo(c);
		return ts;
	}
	while (peek(c)->kind == T_IDENT && dparse_is_type_word(c, peek(c)->sval) &&
	       !dctype_typedef(c, peek(c)->sval)) {
		dtoken w = *peek(c);
		int a = attr_bit(w.sval);
		if (is_tag_word(w.sval)) {
			if (base)
				dc_fail(c, w.loc, "D_DECL_COMBO", "invalid type combination");
			return tagged_spec(c, attrs);
		}
		if (!a && base)
			dc_fail(c, w.loc, "D_DECL_COMBO", "invalid type combination");
		if (a == A_LONG && (attrs & A_LONG))
			a = A_LONGLONG;
		attrs |= a;
		if (!a)
			base = w.sval;
		check_spec(c, w.loc, attrs, base, strcmp(base ? base : "", "void") &&
			   strcmp(base ? base : "", "string") && !is_fp_word(base));
		if (n == 6)
			syntax(c, peek(c));
		words[n] = next(c).sval;
		size_t l = strlen(ts.name);
		snprintf(ts.name + l, sizeof(ts.name) - l, "%s%s", n ? " " : "", words[n]);
		n++;
	}
	if (((attrs & A_SHORT) && (attrs & (A_LONG | A_LONGLONG))) ||
	    (is_fp_word(base) && (attrs & (A_SHORT | A_LONGLONG | (base[0] == 'f' ? A_LONG : 0)))))
		dc_fail(c, t.loc, "D_UNKNOWN", "failed to resolve type %s : Unknown type name", ts.name);
	ts.type = dparse_type(c, t.loc, words, n);
	return ts;
}

static int is_storage_class(const char *w)
{
	return !strcmp(w, "static") || !strcmp(w, "register") || !strcmp(w, "auto") ||
	       !strcmp(w, "extern") || !strcmp(w, "typedef");
}

/* params: '(' [ param { ',' param } [ ',' '...' ] | '...' ] ')', the
 * parameter list of a function declarator, checked as DTrace checks it;
 * the parameters themselves are not kept. */
static void func_params(dcomp *c)
{
	int n = 0, nvoid = 0;

	expect(c, T_LPAREN);
	if (accept(c, T_RPAREN))
		return;
	do {
		dtoken at = *peek(c), pn;
		if (accept(c, T_DOT)) {
			expect(c, T_DOT);
			expect(c, T_DOT);
			break;
		}
		if (at.kind == T_IDENT && is_storage_class(at.sval))
			dc_fail(c, at.loc, "D_DECL_PARMCLASS", "inappropriate storage class for "
				"function or associative array parameter");
		tspec p = declarator(c, type_spec(c), &pn);
		if (peek(c)->kind == T_LBRACK)
			dc_fail(c, peek(c)->loc, "D_DECL_PROTO_TYPE", "prototype may not use a "
				"dynamic type");
		if (p.type.kind == DT_VOID) {
			if (pn.sval)
				dc_fail(c, pn.loc, "D_DECL_PROTO_NAME", "void parameter may not have "
					"a name: %s", pn.sval);
			nvoid++;
		}
		if (nvoid && (n > 0 || peek(c)->kind == T_COMMA))
			dc_fail(c, at.loc, "D_DECL_PROTO_VOID", "void must be sole parameter");
		n++;
	} while (accept(c, T_COMMA));
	expect(c, T_RPAREN);
}

/* declarator: { '*' } ( [ ident ] | '(' '*' { '*' } [ ident ] ')' )
 *             { '[' [ integer ] ']' } [ params ]
 * name->sval is NULL when there is no identifier (an abstract declarator).
 * A pointer to a function is kept as a void pointer. */
static tspec declarator(dcomp *c, tspec base, dtoken *name)
{
	tspec ts = base;
	uint32_t dims[8];
	int ndims = 0, stars = 0, fstars = 0;

	ts.func = ts.unsized = 0;
	while (accept(c, T_STAR)) {
		ts.type = dctype_ptr(c, ts.type);
		stars++;
	}
	if (stars) {
		size_t l = strlen(ts.name);
		snprintf(ts.name + l, sizeof(ts.name) - l, " %.*s", stars, "********");
	}
	memset(name, 0, sizeof(*name));
	if (peek(c)->kind == T_LPAREN && peek2(c) == T_STAR) {
		next(c);
		while (accept(c, T_STAR))
			fstars++;
		if (peek(c)->kind == T_IDENT)
			*name = next(c);
		expect(c, T_RPAREN);
	} else if (peek(c)->kind == T_IDENT) {
		*name = next(c);
	}
	while (peek(c)->kind == T_LBRACK && (peek2(c) == T_INT || peek2(c) == T_RBRACK ||
					     peek2(c) == T_DOT || peek2(c) == T_MINUS)) {
		dtoken lb = next(c);
		if (peek(c)->kind == T_MINUS)
			dc_fail(c, lb.loc, "D_DECL_ARRSUB", "positive integral constant expression or "
				"tuple signature expected as array declaration subscript");
		if (peek(c)->kind == T_DOT)
			dc_fail(c, peek(c)->loc, "D_DECL_PROTO_VARARGS", "a variable-length argument "
				"list may not be used in an array declaration");
		if (accept(c, T_RBRACK)) {
			ts.unsized = 1;
			continue;
		}
		dtoken n = next(c);
		expect(c, T_RBRACK);
		if ((uint64_t)n.ival > UINT32_MAX)
			dc_fail(c, lb.loc, "D_DECL_ARRBIG", "array dimension too big");
		if (n.ival <= 0 || n.ival > (1 << 20) || ndims == 8)
			dc_fail(c, lb.loc, "D_DECL_ARRSIZE", "array dimension must be a positive integer");
		dims[ndims++] = (uint32_t)n.ival;
	}
	if (peek(c)->kind == T_LPAREN) {
		func_params(c);
		ts.func = !fstars;
	}
	if (fstars) {
		ts.type = DTYPE_VOID;
		while (fstars--)
			ts.type = dctype_ptr(c, ts.type);
		snprintf(ts.name, sizeof(ts.name), "void *");
		return ts;
	}
	for (int i = ndims - 1; i >= 0; i--) {
		if (ts.type.kind == DT_VOID || ts.type.kind == DT_STRING)
			dc_fail(c, name->loc, "D_DECL_ARRVOID", "array of %s is not allowed",
				ts.type.kind == DT_VOID ? "void" : "string");
		ts.type = dctype_array(c, ts.type, dims[i]);
	}
	for (int i = 0; i < ndims; i++) {
		size_t l = strlen(ts.name);
		snprintf(ts.name + l, sizeof(ts.name) - l, " [%u]", dims[i]);
	}
	return ts;
}

/* type-name: type abstract-declarator, as in casts and sizeof */
static dtype type_name(dcomp *c)
{
	dtoken id;
	tspec ts = declarator(c, type_spec(c), &id);

	if (id.sval)
		syntax(c, &id);
	return ts.type;
}

/* decl: [ 'self' | 'this' ] type declarator [ '[' type { ',' type } ']' ] { ',' ... } ';'
 *     | 'inline' type ident '=' expr ';'
 *     | 'typedef' type declarator ';'
 *     | type ';'   (a struct, union or enum definition) */
/* A variable declared before as d is (1); declared with another kind or
 * type, an error as DTrace reports it; 0 if d is new. */
static int redeclared(dcomp *c, const dnode *d)
{
	const dnode *o = NULL;
	char cur[128], prev[128];

	for (int i = 0; i < c->ndecls && !o; i++)
		if (c->decls[i]->kind == d->kind && !strcmp(c->decls[i]->name, d->name))
			o = c->decls[i];
	for (int i = 0; i < c->nmglobals && !o; i++)
		if (c->mglobals[i]->kind == d->kind && !strcmp(c->mglobals[i]->name, d->name))
			o = c->mglobals[i];
	if (!o)
		return 0;
	int same = dtype_same(o->type, d->type) && !o->nargs == !d->nargs;
	for (int k = 0; same && k < d->nargs && k < o->nargs; k++)
		same = dtype_same(o->args[k]->type, d->args[k]->type);
	if (same && o->nargs == d->nargs)
		return 1;
	dtype_name(&c->prog->types, d->type, cur, sizeof(cur));
	dtype_name(&c->prog->types, o->type, prev, sizeof(prev));
	dc_fail(c, d->loc, "D_DECL_IDRED", "identifier redeclared: %s\n\t current: %s %s\n"
		"\tprevious: %s %s", d->name, d->nargs ? "array" : "scalar", cur,
		o->nargs ? "array" : "scalar", prev);
}

static void declaration(dcomp *c)
{
	int kind = N_IDENT, is_inline = 0, is_typedef = 0, is_extern = 0;

	if (peek(c)->kind == T_IDENT && (!strcmp(peek(c)->sval, "static") ||
					 !strcmp(peek(c)->sval, "register") ||
					 !strcmp(peek(c)->sval, "auto")))
		dc_fail(c, peek(c)->loc, "D_DECL_BADCLASS", "specified storage class not "
			"appropriate in D");
	if (peek(c)->kind == T_IDENT && !strcmp(peek(c)->sval, "extern")) {
		next(c);
		is_extern = 1;
	} else if (peek(c)->kind == T_IDENT && !strcmp(peek(c)->sval, "inline")) {
		next(c);
		is_inline = 1;
	} else if (peek(c)->kind == T_IDENT && !strcmp(peek(c)->sval, "typedef")) {
		next(c);
		is_typedef = 1;
	} else if (peek(c)->kind == T_IDENT && (!strcmp(peek(c)->sval, "self") ||
						!strcmp(peek(c)->sval, "this"))) {
		kind = next(c).sval[0] == 's' ? N_SELF : N_THIS;
	}
	if ((is_extern || is_typedef || kind != N_IDENT) && peek(c)->kind == T_IDENT &&
	    (is_storage_class(peek(c)->sval) || !strcmp(peek(c)->sval, "self") ||
	     !strcmp(peek(c)->sval, "this")))
		dc_fail(c, peek(c)->loc, "D_DECL_CLASS", "only one storage class allowed in a declaration");
	tspec base = type_spec(c);
	if (!is_inline && !is_typedef && kind == N_IDENT && (base.type.kind == DT_STRUCT || base.type.ref) &&
	    accept(c, T_SEMI))
		return; /* struct, union or enum definition */
	if (!is_inline && peek(c)->kind == T_SEMI)
		dc_fail(c, peek(c)->loc, "D_DECL_USELESS", "useless declaration");
	do {
		dtoken id;
		tspec ts = declarator(c, base, &id);
		dtype ty = ts.type;
		if (!id.sval)
			syntax(c, peek(c));
		if (strchr(id.sval, '`'))
			dc_fail(c, id.loc, "D_DECL_SCOPE", "D scoping operator may not be used in a "
				"declaration");
		if (!is_typedef && (is_extern || ts.func))
			continue; /* a kernel symbol or function: nothing D keeps */
		if (ts.unsized)
			dc_fail(c, id.loc, "D_DECL_ARRNULL", "array declaration requires array "
				"dimension or tuple signature");
		if (is_typedef) {
			if (dctype_typedef(c, id.sval))
				dc_fail(c, id.loc, "D_DECL_IDRED", "identifier redeclared: %s", id.sval);
			c->typedefs = darena_push(c->arena, c->typedefs, c->ntypedefs, sizeof(*c->typedefs));
			c->typedefs[c->ntypedefs++] = (dtypedef){ id.sval, id.sval, ty };
			continue;
		}
		dnode *d = dnode_new(c, kind, id.loc);
		d->name = id.sval;
		d->type = ty;
		if (ty.kind == DT_VOID)
			dc_fail(c, id.loc, "D_DECL_VOIDOBJ", "cannot have void object: %s", id.sval);
		if (is_inline && accept(c, T_LBRACK)) {
			/* inline type name[type param, ...] = expr: an expression
			 * of its parameters, used as name[args] */
			do {
				dtoken pn;
				tspec p = declarator(c, type_spec(c), &pn);
				if (!pn.sval)
					syntax(c, peek(c));
				dnode *k = dnode_new(c, N_IDENT, pn.loc);
				k->name = pn.sval;
				k->type = p.type;
				d->args = darena_push(c->arena, d->args, d->nargs, sizeof(*d->args));
				d->args[d->nargs++] = k;
			} while (accept(c, T_COMMA));
			expect(c, T_RBRACK);
		}
		if (is_inline) {
			expect(c, T_ASSIGN);
			d->x = expr(c);
			c->inlines = darena_push(c->arena, c->inlines, c->ninlines, sizeof(*c->inlines));
			c->inlines[c->ninlines++] = d;
			break;
		}
		if (kind == N_THIS && peek(c)->kind == T_LBRACK)
			dc_fail(c, peek(c)->loc, "D_DECL_LOCASSC", "associative arrays may not be "
				"declared as local variables: %s", id.sval);
		if (accept(c, T_LBRACK)) {
			do {
				dnode *k = dnode_new(c, N_INT, peek(c)->loc);
				k->type = type_name(c);
				d->args = darena_push(c->arena, d->args, d->nargs, sizeof(*d->args));
				d->args[d->nargs++] = k;
			} while (accept(c, T_COMMA));
			expect(c, T_RBRACK);
		}
		if (DTYPE_IS_LDOUBLE(ty) && d->nargs)
			dc_fail(c, id.loc, "D_DECL_DYNOBJ", "%s: dtr keeps no long double in an "
				"associative array", id.sval);
		if (redeclared(c, d))
			continue; /* the same declaration again */
		if ((ty.kind == DT_STRUCT || ty.kind == DT_ARRAY || DTYPE_IS_LDOUBLE(ty)) && !d->nargs) {
			c->mglobals = darena_push(c->arena, c->mglobals, c->nmglobals, sizeof(*c->mglobals));
			c->mglobals[c->nmglobals++] = d;
			continue;
		}
		c->decls = darena_push(c->arena, c->decls, c->ndecls, sizeof(*c->decls));
		c->decls[c->ndecls++] = d;
	} while (accept(c, T_COMMA));
	expect(c, T_SEMI);
}

/* translator: 'translator' type '<' type ident '>' '{' { ident '=' expr ';' } '}' ';' */
static void translator(dcomp *c)
{
	dxlator x = { .loc = next(c).loc };
	dtoken id;

	x.out = type_name(c);
	expect(c, T_LT);
	tspec in = declarator(c, type_spec(c), &id);
	if (!id.sval)
		syntax(c, peek(c));
	x.in = in.type;
	x.param = id.sval;
	expect(c, T_GT);
	expect(c, T_LBRACE);
	while (!accept(c, T_RBRACE)) {
		dtoken m = expect(c, T_IDENT);
		dnode *a = dnode_new(c, N_ASSIGN, m.loc);
		a->l = dnode_new(c, N_IDENT, m.loc);
		a->l->name = m.sval;
		expect(c, T_ASSIGN);
		a->r = expr(c);
		expect(c, T_SEMI);
		x.members = darena_push(c->arena, x.members, x.nmembers, sizeof(*x.members));
		x.members[x.nmembers++] = a;
	}
	expect(c, T_SEMI);
	c->xlators = darena_push(c->arena, c->xlators, c->nxlators, sizeof(*c->xlators));
	c->xlators[c->nxlators++] = x;
}

/* C's words that name or qualify a type in a probe prototype, beyond D's
 * type words: the types there are C's, for the program that fires them. */
static int is_qualifier(const char *w)
{
	return !strcmp(w, "const") || !strcmp(w, "volatile") || !strcmp(w, "restrict");
}

static int is_basic_type(dcomp *c, const char *w)
{
	return (dparse_is_type_word(c, w) && strcmp(w, "struct") && strcmp(w, "union") &&
		strcmp(w, "enum") && !dctype_typedef(c, w)) ||
	       !strcmp(w, "float") || !strcmp(w, "double") || !strcmp(w, "_Bool");
}

/* The basic type words of one parameter, counted to reject what C does not
 * allow: "int int", "short long", "unsigned double", "long char" ... */
typedef struct basic_words {
	int sign, shorts, longs, ints, chars, doubles, others;
} basic_words;

static int basic_combo_ok(basic_words *b, const char *w)
{
	if (!strcmp(w, "signed") || !strcmp(w, "unsigned"))
		b->sign++;
	else if (!strcmp(w, "short"))
		b->shorts++;
	else if (!strcmp(w, "long"))
		b->longs++;
	else if (!strcmp(w, "int"))
		b->ints++;
	else if (!strcmp(w, "char"))
		b->chars++;
	else if (!strcmp(w, "double"))
		b->doubles++;
	else
		b->others++; /* void, float, string, uint64_t ...: a whole type */
	int size = b->shorts + b->longs, base = b->ints + b->chars + b->doubles + b->others;
	return b->sign <= 1 && base <= 1 && b->longs <= 2 && !(b->shorts && b->longs) &&
	       !(b->others && (b->sign || size)) && !(b->chars && size) &&
	       !(b->doubles && (b->sign || b->shorts || b->longs > 1));
}

static void append(char *buf, size_t size, const char *sep, const char *w)
{
	size_t l = strlen(buf);

	snprintf(buf + l, size - l, "%s%s", l ? sep : "", w);
}

/* param: { qualifier | basic-type-word | ('struct' | 'union' | 'enum') ident
 *          | type-name } { '*' { qualifier } } [ ident ]
 * A type-name is a typedef or any other identifier standing where a type
 * must be (C's typedefs are not known here); an identifier after a type is
 * the parameter's name. The type is kept as text: "const char *". */
static void param(dcomp *c, char *type, size_t size, dtoken *name)
{
	int basic = 0, named = 0, stars = 0;
	basic_words b = { 0 };

	type[0] = 0;
	memset(name, 0, sizeof(*name));
	while (peek(c)->kind == T_IDENT) {
		const char *w = peek(c)->sval;
		if (is_qualifier(w)) {
			append(type, size, " ", next(c).sval);
		} else if (!strcmp(w, "struct") || !strcmp(w, "union") || !strcmp(w, "enum")) {
			if (basic || named)
				syntax(c, peek(c));
			append(type, size, " ", next(c).sval);
			append(type, size, " ", expect(c, T_IDENT).sval);
			named = 1;
		} else if (is_basic_type(c, w)) {
			if (named)
				syntax(c, peek(c));
			if (!basic_combo_ok(&b, w))
				dc_fail(c, peek(c)->loc, "D_DECL_COMBO", "invalid type combination");
			append(type, size, " ", next(c).sval);
			basic = 1;
		} else if (!basic && !named) {
			append(type, size, " ", next(c).sval);
			named = 1;
		} else {
			break;
		}
	}
	if (!basic && !named) {
		if (peek(c)->kind == T_DOT)
			dc_fail(c, peek(c)->loc, "D_DECL_PROTO_VARARGS", "probe input prototype may not "
				"use a variable-length argument list");
		syntax(c, peek(c));
	}
	while (peek(c)->kind == T_STAR || (stars && peek(c)->kind == T_IDENT &&
					   is_qualifier(peek(c)->sval))) {
		dtoken t = next(c);
		if (t.kind == T_STAR) {
			append(type, size, type[strlen(type) - 1] == '*' ? "" : " ", "*");
			stars++;
		} else {
			append(type, size, "", t.sval);
		}
	}
	if (peek(c)->kind == T_IDENT) {
		if (is_basic_type(c, peek(c)->sval) || is_qualifier(peek(c)->sval))
			syntax(c, peek(c));
		*name = next(c);
	}
}

/* proto: '(' [ param { ',' param } ] ')'
 * Fills the probe's argument types and names; void alone is no argument.
 * Returns the number of parameters. */
static int proto(dcomp *c, char ***types, char ***names, const char *kind)
{
	char type[160];
	dtoken name;
	int n = 0, nvoid = 0;

	expect(c, T_LPAREN);
	if (accept(c, T_RPAREN))
		return 0;
	do {
		dtoken at = *peek(c);
		param(c, type, sizeof(type), &name);
		if (!strcmp(type, "void")) {
			if (name.sval)
				dc_fail(c, name.loc, "D_DECL_PROTO_NAME", "void parameter may not have a "
					"name: %s", name.sval);
			nvoid++;
		}
		for (int i = 0; name.sval && !strcmp(kind, "probe input") && i < n; i++)
			if ((*names)[i] && !strcmp((*names)[i], name.sval))
				dc_fail(c, name.loc, "D_DECL_PROTO_FORM", "parameter is already declared "
					"in %s prototype: %s, parameter #%d", kind, name.sval, n + 1);
		if (nvoid && (n > 0 || peek(c)->kind == T_COMMA))
			dc_fail(c, at.loc, "D_DECL_PROTO_VOID", "void must be sole parameter");
		*types = darena_push(c->arena, *types, n, sizeof(**types));
		*names = darena_push(c->arena, *names, n, sizeof(**names));
		(*types)[n] = darena_strndup(c->arena, type, strlen(type));
		(*names)[n] = name.sval;
		n++;
	} while (accept(c, T_COMMA));
	expect(c, T_RPAREN);
	return nvoid ? 0 : n;
}

/* provider: 'provider' ident '{' { probe } '}' ';'
 * probe: 'probe' ident proto [ ':' proto ] ';'
 * The second prototype gives the types D clauses see (translated from the
 * native ones by translators); only the native types are kept: they are
 * what the program passes. */
static void provider(dcomp *c)
{
	dtr_provdef pd = { 0 };
	unsigned char *xlated = NULL;
	dtoken id;

	next(c);
	id = expect(c, T_IDENT);
	pd.name = id.sval;
	pd.loc = id.loc;
	expect(c, T_LBRACE);
	while (!accept(c, T_RBRACE)) {
		dtoken kw = expect(c, T_IDENT);
		if (strcmp(kw.sval, "probe"))
			syntax(c, &kw);
		dtoken pn = expect(c, T_IDENT);
		dtr_provprobe p = { .name = pn.sval, .loc = pn.loc };
		p.nargs = proto(c, &p.argtypes, &p.argnames, "probe input");
		xlated = darena_push(c->arena, xlated, pd.nprobes, sizeof(*xlated));
		xlated[pd.nprobes] = 0;
		if (accept(c, T_COLON)) {
			char **xtypes = NULL, **xnames = NULL;
			int nx = proto(c, &xtypes, &xnames, "probe output");
			/* a named output parameter is an input one, moved */
			for (int i = 0; i < nx; i++) {
				int found = !xnames[i];
				for (int k = 0; !found && k < p.nargs; k++)
					found = p.argnames[k] && !strcmp(p.argnames[k], xnames[i]);
				if (!found)
					dc_fail(c, pn.loc, "D_DECL_PROTO_FORM", "parameter is not declared "
						"in probe output prototype: %s, parameter #%d", xnames[i], i + 1);
			}
			xlated[pd.nprobes] = 1;
		}
		expect(c, T_SEMI);
		pd.probes = darena_push(c->arena, pd.probes, pd.nprobes, sizeof(*pd.probes));
		pd.probes[pd.nprobes++] = p;
	}
	expect(c, T_SEMI);
	dprov_define(c, &pd, xlated);
}

static int starts_declaration(dcomp *c, const dtoken *t)
{
	return t->kind == T_IDENT && (dparse_is_type_word(c, t->sval) || !strcmp(t->sval, "self") ||
				      !strcmp(t->sval, "this") || !strcmp(t->sval, "inline") ||
				      is_storage_class(t->sval));
}

/* Did a #pragma D option empty allow a program without clauses? */
static int pragma_empty(dcomp *c)
{
	for (int i = 0; i < c->prog->nopts; i++)
		if (!strcmp(c->prog->opts[i].name, "empty"))
			return 1;
	return 0;
}

/* program: { declaration | translator | provider | clause } */
void dparse_program(dcomp *c)
{
	dlex_init(c);
	for (int items = 0;; items++) {
		dtoken t;
		dlex_skip_space(c);
		if (!*c->p && !items && !c->in->empty && !pragma_empty(c))
			dc_fail(c, (dloc){ c->line, c->col }, "D_EMPTY", "empty D program translation unit");
		if (!*c->p) {
			dlex_pragmas_check(c);
			return;
		}
		/* a declaration starts with a type word; anything else is a clause */
		const char *p = c->p;
		int line = c->line, col = c->col;
		t = dlex_next(c);
		if (starts_declaration(c, &t)) {
			c->tok = t;
			c->have_tok = 1;
			declaration(c);
			continue;
		}
		if (t.kind == T_IDENT && !strcmp(t.sval, "translator")) {
			c->tok = t;
			c->have_tok = 1;
			translator(c);
			continue;
		}
		if (t.kind == T_IDENT && !strcmp(t.sval, "provider")) {
			/* provider:::entry is a probe description */
			c->tok = t;
			c->have_tok = 1;
			if (peek2(c) == T_IDENT) {
				provider(c);
				continue;
			}
			c->have_tok = 0;
		}
		c->p = p, c->line = line, c->col = col;
		if (!dlex_pdesc(c, &t)) {
			t = dlex_next(c);
			syntax(c, &t);
		}
		clause(c, t);
	}
}

/* Parse text, a D expression from a translator, as if it stood at loc. */
static void relocate(dnode *n, dloc loc)
{
	if (!n)
		return;
	n->loc = loc;
	relocate(n->l, loc);
	relocate(n->r, loc);
	relocate(n->x, loc);
	for (int i = 0; i < n->nargs; i++)
		relocate(n->args[i], loc);
}

dnode *dparse_expr_string(dcomp *c, const char *text, dloc loc)
{
	const char *p = c->p;
	int line = c->line, col = c->col, have = c->have_tok, depth = c->depth, pred = c->in_pred;
	dtoken tok = c->tok;
	dnode *n;

	c->p = text;
	c->have_tok = 0;
	c->depth = 1;
	c->in_pred = 0;
	n = expr(c);
	expect(c, T_EOF);
	c->p = p, c->line = line, c->col = col, c->have_tok = have, c->depth = depth, c->in_pred = pred;
	c->tok = tok;
	relocate(n, loc);
	return n;
}
