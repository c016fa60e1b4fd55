/* The D lexer: tokens in expression context, probe descriptions at the top
 * level, comments, #pragma D lines (options recorded on the program), and
 * literals with C's escapes and integer typing rules. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dc/ast.h"

const char *const dtok_names[T_NTOKS] = {
	[T_EOF] = "end of input", [T_IDENT] = "identifier", [T_INT] = "integer",
	[T_STR] = "string", [T_MACRO] = "macro", [T_AGG] = "aggregation",
	[T_PDESC] = "probe description",
	[T_LPAREN] = "(", [T_RPAREN] = ")", [T_LBRACK] = "[", [T_RBRACK] = "]",
	[T_LBRACE] = "{", [T_RBRACE] = "}", [T_SEMI] = ";", [T_COMMA] = ",",
	[T_DOT] = ".", [T_ARROW] = "->", [T_QUEST] = "?", [T_COLON] = ":",
	[T_PLUS] = "+", [T_MINUS] = "-", [T_STAR] = "*", [T_SLASH] = "/",
	[T_PERCENT] = "%", [T_AMP] = "&", [T_BOR] = "|", [T_XOR] = "^",
	[T_TILDE] = "~", [T_NOT] = "!", [T_LAND] = "&&", [T_LOR] = "||",
	[T_LXOR] = "^^", [T_SHL] = "<<", [T_SHR] = ">>", [T_LT] = "<",
	[T_LE] = "<=", [T_GT] = ">", [T_GE] = ">=", [T_EQ] = "==", [T_NE] = "!=",
	[T_ASSIGN] = "=", [T_ADD_EQ] = "+=", [T_SUB_EQ] = "-=", [T_MUL_EQ] = "*=",
	[T_DIV_EQ] = "/=", [T_MOD_EQ] = "%=", [T_AND_EQ] = "&=", [T_OR_EQ] = "|=",
	[T_XOR_EQ] = "^=", [T_SHL_EQ] = "<<=", [T_SHR_EQ] = ">>=", [T_INC] = "++",
	[T_DEC] = "--",
};

/* Operators, longest first so that maximal munch falls out of a scan. */
static const struct { const char *s; int tok; } ops[] = {
	{ "<<=", T_SHL_EQ }, { ">>=", T_SHR_EQ },
	{ "->", T_ARROW }, { "&&", T_LAND }, { "||", T_LOR }, { "^^", T_LXOR },
	{ "<<", T_SHL }, { ">>", T_SHR }, { "<=", T_LE }, { ">=", T_GE },
	{ "==", T_EQ }, { "!=", T_NE }, { "+=", T_ADD_EQ }, { "-=", T_SUB_EQ },
	{ "*=", T_MUL_EQ }, { "/=", T_DIV_EQ }, { "%=", T_MOD_EQ }, { "&=", T_AND_EQ },
	{ "|=", T_OR_EQ }, { "^=", T_XOR_EQ }, { "++", T_INC }, { "--", T_DEC },
	{ "(", T_LPAREN }, { ")", T_RPAREN }, { "[", T_LBRACK }, { "]", T_RBRACK },
	{ "{", T_LBRACE }, { "}", T_RBRACE }, { ";", T_SEMI }, { ",", T_COMMA },
	{ ".", T_DOT }, { "?", T_QUEST }, { ":", T_COLON }, { "+", T_PLUS },
	{ "-", T_MINUS }, { "*", T_STAR }, { "/", T_SLASH }, { "%", T_PERCENT },
	{ "&", T_AMP }, { "|", T_BOR }, { "^", T_XOR }, { "~", T_TILDE },
	{ "!", T_NOT }, { "<", T_LT }, { ">", T_GT }, { "=", T_ASSIGN },
};

void dlex_init(dcomp *c)
{
	c->p = c->in->src;
	c->line = 1;
	c->col = 1;
	/* an interpreter line (#!/usr/sbin/dtr -s) is not D */
	if (c->p[0] == '#' && c->p[1] == '!')
		while (*c->p && *c->p != '\n')
			c->p++;
}

static void adv(dcomp *c, int n)
{
	while (n-- > 0 && *c->p) {
		if (*c->p == '\n') {
			c->line++;
			c->col = 1;
		} else {
			c->col++;
		}
		c->p++;
	}
}

static dloc here(dcomp *c)
{
	return (dloc){ c->line, c->col };
}

static void pragma(dcomp *c, const char *start, size_t len, dloc loc)
{
	char buf[512], *w[4] = { 0 }, *save = NULL;
	int n = 0;

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, start, len);
	buf[len] = 0;
	for (char *t = strtok_r(buf, " \t", &save); t && n < 4; t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	if (n >= 1 && isdigit((unsigned char)w[0][0])) {
		/* a cpp line marker (# 12 "file"): the next line is line 12 */
		c->line = atoi(w[0]) - 1;
		return;
	}
	if (n < 2 || strcmp(w[0], "pragma") != 0)
		dc_fail(c, loc, "D_PRAGCTL_INVAL", "invalid control directive: #%s",
			n ? w[0] : "");
	if (strcmp(w[1], "D") != 0)
		return; /* other pragmas are ignored, as by DTrace */
	if (n >= 3 && strcmp(w[2], "option") == 0) {
		if (n < 4)
			dc_fail(c, loc, "D_PRAGMA_MALFORM", "malformed #pragma D option");
		dtr_program *p = c->prog;
		char *eq = strchr(w[3], '=');
		p->opts = darena_push(c->arena, p->opts, p->nopts, sizeof(*p->opts));
		dtr_option *o = &p->opts[p->nopts++];
		o->name = darena_strndup(c->arena, w[3], eq ? (size_t)(eq - w[3]) : strlen(w[3]));
		o->value = eq ? darena_strndup(c->arena, eq + 1, strlen(eq + 1)) : NULL;
		o->loc = loc;
		const char *why = NULL;
		if (c->in->setopt && c->in->setopt(c->in->setopt_arg, o->name, o->value, &why) < 0)
			dc_fail(c, loc, "D_PRAGMA_OPTSET", "failed to set option '%s' to '%s': %s", o->name,
				o->value ? o->value : "", why);
		return;
	}
	if (n >= 3 && (strcmp(w[2], "depends_on") == 0 || strcmp(w[2], "attributes") == 0 ||
		       strcmp(w[2], "binding") == 0 || strcmp(w[2], "error") == 0))
		return;
	dc_fail(c, loc, "D_PRAGMA_INVAL", "invalid control directive: #pragma D %s",
		n >= 3 ? w[2] : "");
}

void dlex_skip_space(dcomp *c)
{
	for (;;) {
		if (isspace((unsigned char)*c->p)) {
			adv(c, 1);
		} else if (c->p[0] == '/' && c->p[1] == '*') {
			dloc at = here(c);
			adv(c, 2);
			while (*c->p && !(c->p[0] == '*' && c->p[1] == '/'))
				adv(c, 1);
			if (!*c->p)
				dc_fail(c, at, "D_SYNTAX", "end-of-file encountered before the end of a comment");
			adv(c, 2);
		} else if (c->p[0] == '/' && c->p[1] == '/') {
			while (*c->p && *c->p != '\n')
				adv(c, 1);
		} else if (*c->p == '#' && c->col == 1) {
			dloc at = here(c);
			const char *s = c->p + 1;
			while (*c->p && *c->p != '\n')
				adv(c, 1);
			pragma(c, s, (size_t)(c->p - s), at);
		} else {
			return;
		}
	}
}

static int escape(dcomp *c, const char **pp, dloc loc)
{
	const char *p = *pp;
	int v;

	switch (*p) {
	case 'n': v = '\n'; p++; break;
	case 't': v = '\t'; p++; break;
	case 'r': v = '\r'; p++; break;
	case 'a': v = '\a'; p++; break;
	case 'b': v = '\b'; p++; break;
	case 'f': v = '\f'; p++; break;
	case 'v': v = '\v'; p++; break;
	case '\\': case '\'': case '"': case '?': v = *p++; break;
	case 'x':
		p++;
		if (!isxdigit((unsigned char)*p))
			dc_fail(c, loc, "D_STR_ESCAPE", "invalid escape sequence in string: \\x");
		for (v = 0; isxdigit((unsigned char)*p); p++)
			v = (v * 16 + (isdigit((unsigned char)*p) ? *p - '0' : (tolower(*p) - 'a' + 10))) & 0xff;
		break;
	default:
		if (*p >= '0' && *p <= '7') {
			v = 0;
			for (int i = 0; i < 3 && *p >= '0' && *p <= '7'; i++)
				v = v * 8 + (*p++ - '0');
			v &= 0xff;
			break;
		}
		/* DTrace keeps unknown escapes as the character itself; a
		 * backslash ending the input escapes nothing */
		v = *p ? *p++ : '\\';
	}
	*pp = p;
	return v;
}

static dtoken lex_string(dcomp *c, dtoken t)
{
	const char *p = c->p + 1;
	size_t n = 0;
	/* the value is never longer than its source text: decode in the arena */
	char *buf = darena_alloc(c->arena, strcspn(p, "\n") + 1);

	while (*p && *p != '"' && *p != '\n') {
		int ch = *p == '\\' ? (p++, escape(c, &p, t.loc)) : *p++;
		buf[n++] = (char)ch;
	}
	if (*p != '"')
		dc_fail(c, t.loc, "D_STR_NL", "newline encountered in string literal");
	buf[n] = 0;
	t.kind = T_STR;
	t.sval = buf;
	adv(c, (int)(p + 1 - c->p));
	return t;
}

static dtoken lex_char(dcomp *c, dtoken t)
{
	const char *p = c->p + 1;
	uint64_t v = 0; /* unsigned: a long constant shifts bits out, never overflows */
	int n = 0;

	while (*p && *p != '\'' && *p != '\n') {
		int ch = *p == '\\' ? (p++, escape(c, &p, t.loc)) : (unsigned char)*p++;
		v = (v << 8) | (ch & 0xff);
		n++;
	}
	if (*p != '\'')
		dc_fail(c, t.loc, "D_CHR_NL", "newline encountered in character constant");
	if (n == 0)
		dc_fail(c, t.loc, "D_CHR_NULL", "empty character constant");
	if (n > 4)
		dc_fail(c, t.loc, "D_CHR_OFLOW", "character constant is too long");
	t.kind = T_INT;
	t.ival = n == 1 ? (int8_t)v : (int64_t)v;
	t.itype = DTYPE_INT(4, 1);
	adv(c, (int)(p + 1 - c->p));
	return t;
}

/* Length of the integer constant at p: (digits | 0x hexdigits), then a
 * suffix of u and up to two l (DTrace wants u first; C allows lu too). */
static size_t int_len(const char *p)
{
	size_t n = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		n = 2;
		while (isxdigit((unsigned char)p[n]))
			n++;
	} else {
		while (isdigit((unsigned char)p[n]))
			n++;
	}
	for (int u = 0, l = 0;; n++) {
		if ((p[n] == 'u' || p[n] == 'U') && !u)
			u = 1;
		else if ((p[n] == 'l' || p[n] == 'L') && l < 2)
			l++;
		else
			return n;
	}
}

/* Length of the floating-point constant at p as DTrace's lexer matches it:
 * (digits [.] digits | . digits) [(e|E) [+|-] digits] [f|F|l|L]; 0 if none. */
static size_t fp_len(const char *p)
{
	size_t n = 0, e;

	if (p[0] == '.' && isdigit((unsigned char)p[1])) {
		n = 1;
	} else if (isdigit((unsigned char)p[0])) {
		while (isdigit((unsigned char)p[n]))
			n++;
		if (p[n] == '.')
			n++;
	} else {
		return 0;
	}
	while (isdigit((unsigned char)p[n]))
		n++;
	if (p[n] == 'e' || p[n] == 'E') {
		e = n + 1;
		if (p[e] == '+' || p[e] == '-')
			e++;
		if (isdigit((unsigned char)p[e])) {
			while (isdigit((unsigned char)p[e]))
				e++;
			n = e;
		}
	}
	if (p[n] && strchr("fFlL", p[n]))
		n++;
	return n;
}

/* integer: the longest match of DTrace's integer and floating-point
 * patterns, the integer one on a tie; D has no floating-point constants.
 * What follows the constant (0abc) is the next token. */
static dtoken lex_number(dcomp *c, dtoken t)
{
	const char *p = c->p;
	size_t len = int_len(p);
	int base = 10, usuf = 0, lsuf = 0;
	unsigned long long v;
	char *end;

	if (fp_len(p) > len)
		dc_fail(c, t.loc, "D_SYNTAX", "floating-point constants are not permitted");
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16;
	else if (p[0] == '0')
		base = 8;
	errno = 0;
	v = strtoull(p, &end, base);
	if (errno == ERANGE)
		dc_fail(c, t.loc, "D_INT_OFLOW", "constant %.*s results in integer overflow",
			(int)len, p);
	if ((size_t)(end - p) < len && !strchr("uUlL", *end))
		dc_fail(c, t.loc, "D_INT_DIGIT", "constant %.*s contains invalid digit %c",
			(int)len, p, *end);
	for (; end < p + len; end++) {
		if (*end == 'u' || *end == 'U')
			usuf = 1;
		else
			lsuf++;
	}
	/* C's rule: the first of int, unsigned (not for decimal without u),
	 * long, unsigned long that holds the value, starting at the suffix. */
	t.kind = T_INT;
	t.ival = (int64_t)v;
	if (!lsuf && !usuf && v <= INT32_MAX)
		t.itype = DTYPE_INT(4, 1);
	else if (!lsuf && (usuf || base != 10) && v <= UINT32_MAX)
		t.itype = DTYPE_INT(4, 0);
	else if (!usuf && v <= INT64_MAX)
		t.itype = DTYPE_INT(8, 1);
	else
		t.itype = DTYPE_INT(8, 0);
	adv(c, (int)(end - c->p));
	return t;
}

dtoken dlex_next(dcomp *c)
{
	dtoken t;

	dlex_skip_space(c);
	memset(&t, 0, sizeof(t));
	t.loc = here(c);
	t.text = c->p;

	if (!*c->p) {
		t.kind = T_EOF;
		return t;
	}
	if (*c->p == '"')
		t = lex_string(c, t);
	else if (*c->p == '\'')
		t = lex_char(c, t);
	else if (isdigit((unsigned char)*c->p) || (c->p[0] == '.' && isdigit((unsigned char)c->p[1])))
		t = lex_number(c, t);
	else if (isalpha((unsigned char)*c->p) || *c->p == '_' || *c->p == '`') {
		const char *s = c->p;
		while (isalnum((unsigned char)*c->p) || *c->p == '_' || *c->p == '`')
			adv(c, 1);
		t.kind = T_IDENT;
		t.sval = darena_strndup(c->arena, s, (size_t)(c->p - s));
	} else if (*c->p == '$') {
		const char *s = c->p;
		adv(c, 1);
		if (*c->p == '$')
			adv(c, 1);
		while (isalnum((unsigned char)*c->p) || *c->p == '_')
			adv(c, 1);
		if (c->p - s < 2 || (s[1] == '$' && c->p - s < 3))
			dc_fail(c, t.loc, "D_SYNTAX", "syntax error near \"$\"");
		t.kind = T_MACRO;
		t.sval = darena_strndup(c->arena, s, (size_t)(c->p - s));
	} else if (*c->p == '@') {
		const char *s = c->p + 1;
		adv(c, 1);
		while (isalnum((unsigned char)*c->p) || *c->p == '_')
			adv(c, 1);
		t.kind = T_AGG;
		t.sval = darena_strndup(c->arena, s, (size_t)(c->p - s));
	} else {
		size_t i;
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (strncmp(c->p, ops[i].s, strlen(ops[i].s)) == 0)
				break;
		if (i == sizeof(ops) / sizeof(ops[0]))
			dc_fail(c, t.loc, "D_SYNTAX", "syntax error near \"%c\"", *c->p);
		t.kind = ops[i].tok;
		adv(c, (int)strlen(ops[i].s));
	}
	t.len = (int)(c->p - t.text);
	return t;
}

static int pdesc_char(int ch, int first)
{
	if (isalpha(ch) || ch == '_' || ch == '-' || ch == '$' || ch == ':' || ch == '.' ||
	    ch == '?' || ch == '*' || ch == '\\' || ch == '[' || ch == ']' || ch == '!')
		return 1;
	return !first && (isdigit(ch) || ch == '`' || ch == '+');
}

int dlex_pdesc(dcomp *c, dtoken *t)
{
	const char *s;

	dlex_skip_space(c);
	memset(t, 0, sizeof(*t));
	t->loc = here(c);
	t->text = s = c->p;
	if (!pdesc_char((unsigned char)*c->p, 1))
		return 0;
	while (pdesc_char((unsigned char)*c->p, 0))
		adv(c, 1);
	t->kind = T_PDESC;
	t->len = (int)(c->p - s);
	t->sval = darena_strndup(c->arena, s, (size_t)t->len);
	return 1;
}
