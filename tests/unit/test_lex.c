/* Unit tests of dc/lex.c: operator tokens, literals and their C types,
 * comments, #pragma lines, macro and aggregation tokens, and probe
 * descriptions, driven through dlex_next and dlex_pdesc on a bare dcomp. */
#include <criterion/criterion.h>
#include <malloc.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dc/ast.h"

#define TLEX_MAXTOK 64
#define TLEX_N(t) (sizeof(t) / sizeof((t)[0]))

/* A lexer on its own: the compilation state dc_compile would set up. */
typedef struct tlex {
	dcomp *c;
	dc_input in;
	dc_error err;
	dtoken tok[TLEX_MAXTOK];
	int ntok;    /* tokens lexed, the T_EOF included */
	int failed;  /* the lexer called dc_fail; err is filled */
} tlex;

static void tlex_setup(tlex *x, const char *src)
{
	memset(x, 0, sizeof(*x));
	x->in.src = src;
	x->in.target = -1;
	x->in.strsize = 256;
	x->c = calloc(1, sizeof(*x->c));
	cr_assert_not_null(x->c);
	x->c->in = &x->in;
	x->c->err = &x->err;
	x->c->arena = darena_new();
	cr_assert_not_null(x->c->arena);
	x->c->prog = darena_alloc(x->c->arena, sizeof(*x->c->prog));
	x->c->prog->arena = x->c->arena;
}

static void tlex_free(tlex *x)
{
	darena_free(x->c->arena);
	free(x->c);
	x->c = NULL;
}

/* Lex src to its end in expression context. Returns the token count (the
 * T_EOF included) or -1 when the lexer reported an error. */
static int tlex_run(tlex *x, const char *src)
{
	tlex_setup(x, src);
	if (setjmp(x->c->fail)) {
		x->failed = 1;
		return -1;
	}
	dlex_init(x->c);
	for (;;) {
		cr_assert_lt(x->ntok, TLEX_MAXTOK, "%s: too many tokens", src);
		dtoken t = dlex_next(x->c);
		x->tok[x->ntok++] = t;
		if (t.kind == T_EOF)
			return x->ntok;
	}
}

/* Lex one probe description at the start of src. Returns dlex_pdesc's
 * result, or -1 on a lexer error. */
static int tlex_pdesc(tlex *x, const char *src)
{
	tlex_setup(x, src);
	if (setjmp(x->c->fail)) {
		x->failed = 1;
		return -1;
	}
	dlex_init(x->c);
	x->ntok = 1;
	return dlex_pdesc(x->c, &x->tok[0]);
}

static const char *tlex_kname(int k)
{
	return k >= 0 && k < T_NTOKS && dtok_names[k] ? dtok_names[k] : "?";
}

/* Expect src to lex into exactly the kinds in want (T_EOF appended). */
static void tlex_expect_kinds(const char *src, const int *want, int n)
{
	tlex x;
	int got = tlex_run(&x, src);

	cr_expect_eq(got, n + 1, "\"%s\": %d tokens, want %d (%s)", src, got, n + 1,
		     x.failed ? x.err.msg : "");
	for (int i = 0; i < n && i < got; i++)
		cr_expect_eq(x.tok[i].kind, want[i], "\"%s\": token %d is %s, want %s", src, i,
			     tlex_kname(x.tok[i].kind), tlex_kname(want[i]));
	tlex_free(&x);
}

/* Expect lexing src to fail with msg at line:col. */
static void tlex_expect_error(const char *src, const char *msg, int line, int col)
{
	tlex x;

	cr_expect_eq(tlex_run(&x, src), -1, "\"%s\": accepted", src);
	cr_expect_str_eq(x.err.msg, msg, "\"%s\": message \"%s\", want \"%s\"", src, x.err.msg, msg);
	cr_expect(x.err.loc.line == line && x.err.loc.col == col, "\"%s\": error at %d:%d, want %d:%d",
		  src, x.err.loc.line, x.err.loc.col, line, col);
	tlex_free(&x);
}

Test(lex, every_operator_alone)
{
	/* dtok_names spells every operator: each must lex back to its kind */
	for (int k = T_LPAREN; k < T_NTOKS; k++) {
		const char *s = dtok_names[k];
		tlex x;

		cr_assert_not_null(s, "token %d has no name", k);
		int n = tlex_run(&x, s);
		cr_expect_eq(n, 2, "\"%s\": %d tokens", s, n);
		cr_expect_eq(x.tok[0].kind, k, "\"%s\" lexed as %s", s, tlex_kname(x.tok[0].kind));
		cr_expect_eq(x.tok[0].len, (int)strlen(s), "\"%s\": length %d", s, x.tok[0].len);
		tlex_free(&x);
	}
}

Test(lex, token_names_complete)
{
	for (int k = 0; k < T_NTOKS; k++)
		cr_expect(dtok_names[k] != NULL && dtok_names[k][0], "token kind %d has no name", k);
}

Test(lex, maximal_munch)
{
	static const struct {
		const char *src;
		int n;
		int want[8];
	} c[] = {
		{ "<<=<<<=<", 4, { T_SHL_EQ, T_SHL, T_LE, T_LT } },
		{ ">>=>>>=>", 4, { T_SHR_EQ, T_SHR, T_GE, T_GT } },
		{ "a->b", 3, { T_IDENT, T_ARROW, T_IDENT } },
		{ "x--->y", 4, { T_IDENT, T_DEC, T_ARROW, T_IDENT } },
		{ "x---y", 4, { T_IDENT, T_DEC, T_MINUS, T_IDENT } },
		{ "x+++y", 4, { T_IDENT, T_INC, T_PLUS, T_IDENT } },
		{ "^^^", 2, { T_LXOR, T_XOR } },
		{ "^^=", 2, { T_LXOR, T_ASSIGN } },
		{ "^=^", 2, { T_XOR_EQ, T_XOR } },
		{ "&&&", 2, { T_LAND, T_AMP } },
		{ "&&=", 2, { T_LAND, T_ASSIGN } },
		{ "|||=", 2, { T_LOR, T_OR_EQ } },
		{ "===", 2, { T_EQ, T_ASSIGN } },
		{ "!==", 2, { T_NE, T_ASSIGN } },
		{ "!!", 2, { T_NOT, T_NOT } },
		{ "-=-", 2, { T_SUB_EQ, T_MINUS } },
		{ "*=*/=/%=%", 6, { T_MUL_EQ, T_STAR, T_DIV_EQ, T_SLASH, T_MOD_EQ, T_PERCENT } },
		{ "a?b:c", 5, { T_IDENT, T_QUEST, T_IDENT, T_COLON, T_IDENT } },
		{ "f(a,b)[0].x;", 12, { T_IDENT, T_LPAREN, T_IDENT, T_COMMA, T_IDENT, T_RPAREN,
				       T_LBRACK, T_INT } },
		{ "{~}", 3, { T_LBRACE, T_TILDE, T_RBRACE } },
		{ "1-1", 3, { T_INT, T_MINUS, T_INT } },
		{ "", 0, { 0 } },
		{ "  \t\n ", 0, { 0 } },
	};

	for (size_t i = 0; i < TLEX_N(c); i++) {
		if (c[i].n <= 8) {
			tlex_expect_kinds(c[i].src, c[i].want, c[i].n);
		} else {
			/* long sequences: check the count and the first eight */
			tlex x;
			int got = tlex_run(&x, c[i].src);
			cr_expect_eq(got, c[i].n + 1, "\"%s\": %d tokens", c[i].src, got);
			for (int k = 0; k < 8; k++)
				cr_expect_eq(x.tok[k].kind, c[i].want[k], "\"%s\": token %d is %s",
					     c[i].src, k, tlex_kname(x.tok[k].kind));
			tlex_free(&x);
		}
	}
}

Test(lex, locations_and_text)
{
	tlex x;

	cr_assert_eq(tlex_run(&x, "ab +=\n\t  cd\n\n   7"), 5);
	cr_expect_eq(x.tok[0].loc.line, 1);
	cr_expect_eq(x.tok[0].loc.col, 1);
	cr_expect_eq(x.tok[0].len, 2);
	cr_expect_eq(strncmp(x.tok[0].text, "ab", 2), 0);
	cr_expect_eq(x.tok[1].kind, T_ADD_EQ);
	cr_expect_eq(x.tok[1].loc.col, 4);
	cr_expect_eq(x.tok[2].loc.line, 2);
	cr_expect_eq(x.tok[2].loc.col, 4, "a tab counts as one column, got %d", x.tok[2].loc.col);
	cr_expect_str_eq(x.tok[2].sval, "cd");
	cr_expect_eq(x.tok[3].loc.line, 4);
	cr_expect_eq(x.tok[3].loc.col, 4);
	cr_expect_eq(x.tok[4].kind, T_EOF);
	cr_expect_eq(x.tok[4].loc.line, 4);
	cr_expect_eq(x.tok[4].loc.col, 5);
	tlex_free(&x);
}

Test(lex, identifiers)
{
	static const char *const ok[] = { "a", "_", "foo_bar9", "BEGIN", "`sym", "vmlinux`func" };

	for (size_t i = 0; i < TLEX_N(ok); i++) {
		tlex x;
		cr_expect_eq(tlex_run(&x, ok[i]), 2, "\"%s\"", ok[i]);
		cr_expect_eq(x.tok[0].kind, T_IDENT, "\"%s\"", ok[i]);
		cr_expect_str_eq(x.tok[0].sval, ok[i]);
		tlex_free(&x);
	}
	/* a digit ends nothing inside a name, but does not start one */
	tlex_expect_kinds("a1 1a", (const int[]){ T_IDENT, T_INT, T_IDENT }, 3);
}

/* Integer literals: value and C type (int, then unsigned for hex and octal
 * or with u, then long, then unsigned long; suffixes start the search). */
Test(lex, integer_types)
{
	static const struct {
		const char *src;
		uint64_t v;
		int size, sign;
	} c[] = {
		{ "0", 0, 4, 1 },
		{ "42", 42, 4, 1 },
		{ "2147483647", 2147483647, 4, 1 },
		{ "2147483648", 2147483648u, 8, 1 },     /* decimal skips unsigned */
		{ "4294967295", 4294967295u, 8, 1 },
		{ "4294967296", 4294967296u, 8, 1 },
		{ "9223372036854775807", INT64_MAX, 8, 1 },
		{ "9223372036854775808", 9223372036854775808u, 8, 0 },
		{ "18446744073709551615", UINT64_MAX, 8, 0 },
		{ "0x0", 0, 4, 1 },
		{ "0x7fffffff", 0x7fffffff, 4, 1 },
		{ "0x80000000", 0x80000000u, 4, 0 },     /* hex: unsigned before long */
		{ "0XFFFFFFFF", 0xffffffffu, 4, 0 },
		{ "0x100000000", 0x100000000u, 8, 1 },
		{ "0x7fffffffffffffff", INT64_MAX, 8, 1 },
		{ "0x8000000000000000", 0x8000000000000000u, 8, 0 },
		{ "0xffffffffffffffff", UINT64_MAX, 8, 0 },
		{ "0xDeadBeef", 0xdeadbeefu, 4, 0 },
		{ "017", 15, 4, 1 },
		{ "00", 0, 4, 1 },
		{ "017777777777", 0x7fffffff, 4, 1 },
		{ "020000000000", 0x80000000u, 4, 0 },   /* octal: unsigned before long */
		{ "037777777777", 0xffffffffu, 4, 0 },
		{ "040000000000", 0x100000000u, 8, 1 },
		{ "01777777777777777777777", UINT64_MAX, 8, 0 },
		{ "1u", 1, 4, 0 },
		{ "1U", 1, 4, 0 },
		{ "4294967295u", 0xffffffffu, 4, 0 },
		{ "4294967296u", 0x100000000u, 8, 0 },
		{ "1l", 1, 8, 1 },
		{ "1L", 1, 8, 1 },
		{ "1ll", 1, 8, 1 },
		{ "1LL", 1, 8, 1 },
		{ "9223372036854775808l", 9223372036854775808u, 8, 0 },
		{ "0xffffffffffffffffL", UINT64_MAX, 8, 0 },
		{ "1ul", 1, 8, 0 },
		{ "1UL", 1, 8, 0 },
		{ "1lu", 1, 8, 0 },
		{ "1ull", 1, 8, 0 },
		{ "1llu", 1, 8, 0 },
		{ "0x10uL", 16, 8, 0 },
	};

	for (size_t i = 0; i < TLEX_N(c); i++) {
		tlex x;
		int n = tlex_run(&x, c[i].src);
		cr_expect_eq(n, 2, "\"%s\": %d tokens (%s)", c[i].src, n, x.failed ? x.err.msg : "");
		if (n == 2) {
			cr_expect_eq(x.tok[0].kind, T_INT, "\"%s\"", c[i].src);
			cr_expect_eq((uint64_t)x.tok[0].ival, c[i].v, "\"%s\": value %#llx", c[i].src,
				     (unsigned long long)x.tok[0].ival);
			cr_expect(x.tok[0].itype.kind == DT_INT && x.tok[0].itype.size == c[i].size &&
				  x.tok[0].itype.sign == c[i].sign,
				  "\"%s\": type size %d sign %d, want size %d sign %d", c[i].src,
				  x.tok[0].itype.size, x.tok[0].itype.sign, c[i].size, c[i].sign);
		}
		tlex_free(&x);
	}
}

Test(lex, integer_errors)
{
	tlex_expect_error("18446744073709551616", "constant 18446744073709551616 results in integer overflow", 1, 1);
	tlex_expect_error("0x10000000000000000", "constant 0x10000000000000000 results in integer overflow", 1, 1);
	tlex_expect_error("  09", "constant 09 contains invalid digit 9", 1, 3);
	tlex_expect_error("0178", "constant 0178 contains invalid digit 8", 1, 1);
	/* DTrace's lexer matches floating-point constants to refuse them */
	tlex_expect_error("1.5", "floating-point constants are not permitted", 1, 1);
	tlex_expect_error("x = 1.", "floating-point constants are not permitted", 1, 5);
	tlex_expect_error(".5", "floating-point constants are not permitted", 1, 1);
	tlex_expect_error("1e5", "floating-point constants are not permitted", 1, 1);
	tlex_expect_error("2E-3L", "floating-point constants are not permitted", 1, 1);
	tlex_expect_error("1f", "floating-point constants are not permitted", 1, 1);
}

/* What follows an integer constant starts the next token, as in DTrace's
 * lexer (the parser then finds a syntax error): 12abc is 12 then abc. */
Test(lex, integer_then_token)
{
	tlex_expect_kinds("1x", (const int[]){ T_INT, T_IDENT }, 2);
	tlex_expect_kinds("1uu", (const int[]){ T_INT, T_IDENT }, 2);
	tlex_expect_kinds("1lll", (const int[]){ T_INT, T_IDENT }, 2);
	tlex_expect_kinds("x = 12abc;", (const int[]){ T_IDENT, T_ASSIGN, T_INT, T_IDENT, T_SEMI }, 5);
	tlex_expect_kinds("1_000", (const int[]){ T_INT, T_IDENT }, 2);
	tlex_expect_kinds("0x1e5 1l", (const int[]){ T_INT, T_INT }, 2);
	tlex_expect_kinds("0x", (const int[]){ T_INT, T_IDENT }, 2);
}

Test(lex, character_constants)
{
	static const struct {
		const char *src;
		int64_t v;
	} c[] = {
		{ "'a'", 'a' },
		{ "' '", ' ' },
		{ "'\"'", '"' },
		{ "'\\n'", '\n' },
		{ "'\\t'", '\t' },
		{ "'\\0'", 0 },
		{ "'\\\\'", '\\' },
		{ "'\\''", 0x5c27 },     /* DTrace keeps \' as its two bytes (tst.charconstants) */
		{ "'\\x41'", 'A' },
		{ "'\\101'", 'A' },
		{ "'\\377'", -1 },    /* char is signed, as in C on x86 */
		{ "'\\xff'", -1 },
		{ "'\\q'", 0x5c71 },  /* other escapes keep the backslash, as DTrace's lexer */
		{ "'ab'", 0x6162 },
		{ "'abcd'", 0x61626364 },
		{ "'\\n\\0'", 0x0a00 },
	};

	for (size_t i = 0; i < TLEX_N(c); i++) {
		tlex x;
		int n = tlex_run(&x, c[i].src);
		cr_expect_eq(n, 2, "%s: %d tokens (%s)", c[i].src, n, x.failed ? x.err.msg : "");
		if (n == 2) {
			cr_expect_eq(x.tok[0].kind, T_INT, "%s", c[i].src);
			cr_expect_eq(x.tok[0].ival, c[i].v, "%s: %lld, want %lld", c[i].src,
				     (long long)x.tok[0].ival, (long long)c[i].v);
			cr_expect(x.tok[0].itype.size == 4 && x.tok[0].itype.sign == 1,
				  "%s: a character constant is an int", c[i].src);
		}
		tlex_free(&x);
	}
	/* up to 8 bytes, a long beyond an int's range */
	tlex x8;
	cr_assert_eq(tlex_run(&x8, "'a\\bcdefgh'"), 2);
	cr_expect_eq(x8.tok[0].ival, 6991947704341784424LL);
	cr_expect(x8.tok[0].itype.size == 8 && x8.tok[0].itype.sign == 1);
	tlex_free(&x8);
	tlex_expect_error("'abcdefghi'", "character constant is too long", 1, 1);
	tlex_expect_error("x = 'a\\101bcdefgh'", "character constant is too long", 1, 5);
	tlex_expect_error("''", "empty character constant", 1, 1);
	tlex_expect_error("'a\n'", "newline encountered in character constant", 1, 1);
	tlex_expect_error("'a", "newline encountered in character constant", 1, 1);
}

Test(lex, string_escapes)
{
	static const struct {
		const char *src, *want;
	} c[] = {
		{ "\"\"", "" },
		{ "\"hello\"", "hello" },
		{ "\"a\\nb\"", "a\nb" },
		{ "\"\\t\"", "\t" },
		{ "\"\\\\\"", "\\" },
		{ "\"\\\"\"", "\"" },
		{ "\"\\'\"", "\\'" },
		{ "\"\\x41\"", "A" },
		{ "\"\\x4a\\x4B\"", "JK" },
		{ "\"\\x4g\"", "\x04g" },
		{ "\"\\101\"", "A" },
		{ "\"\\1012\"", "A2" },     /* at most three octal digits */
		{ "\"\\7x\"", "\7x" },
		{ "\"\\r\\a\\b\\f\\v\\?\"", "\r\a\b\f\v\\?" }, /* \? kept, as DTrace */
		{ "\"\\q\"", "\\q" },
		{ "\"it's\"", "it's" },
		{ "\"/* no comment */\"", "/* no comment */" },
		{ "\"a\\0b\"", "a" },        /* an embedded NUL ends the string */
	};

	for (size_t i = 0; i < TLEX_N(c); i++) {
		tlex x;
		int n = tlex_run(&x, c[i].src);
		cr_expect_eq(n, 2, "%s: %d tokens (%s)", c[i].src, n, x.failed ? x.err.msg : "");
		if (n == 2) {
			cr_expect_eq(x.tok[0].kind, T_STR, "%s", c[i].src);
			cr_expect_str_eq(x.tok[0].sval, c[i].want, "%s", c[i].src);
			cr_expect_eq(x.tok[0].len, (int)strlen(c[i].src), "%s: length", c[i].src);
		}
		tlex_free(&x);
	}
	/* adjacent strings are two tokens */
	const int two[] = { T_STR, T_STR };
	tlex_expect_kinds("\"a\" \"b\"", two, 2);
	tlex_expect_error("x = \"\\x\";", "invalid escape sequence in string: \\x", 1, 5);
	tlex_expect_error("\"abc\n\"", "newline encountered in string literal", 1, 1);
	tlex_expect_error("  \"abc", "newline encountered in string literal", 1, 3);
}

/* BUG: dc/lex.c escape() (line 169, "v = *p++") steps over the source's
 * terminating NUL when a backslash is the last character of the input, so
 * lex_string and lex_char go on reading past the end of the buffer. Here
 * the bytes after the NUL close the "string", which is then accepted; with
 * a heap source ASan reports a heap-buffer-overflow read. Fix: in escape(),
 * when *p == '\0' do not advance (return 0 with *pp == p, or fail with
 * "newline encountered in string literal"). */
Test(lex, backslash_at_end_of_input)
{
	static const char src[] = { '"', 'a', '\\', '\0', '"', ';', '\0' };
	tlex x;

	cr_expect_eq(tlex_run(&x, src), -1, "a string ending in a backslash at the end of the "
		     "input was accepted: the lexer read past the terminating NUL");
	tlex_free(&x);

	static const char csrc[] = { '\'', '\\', '\0', '\'', '\0' };
	cr_expect_eq(tlex_run(&x, csrc), -1, "a character constant ending in a backslash at the end "
		     "of the input was accepted");
	tlex_free(&x);
}

/* An escape error inside a string leaves nothing behind: strings are
 * decoded in the compilation's arena. Under the sanitizer run of make test,
 * LeakSanitizer fails the binary if any of these errors leaks. */
Test(lex, string_error_does_not_leak)
{
	tlex x;

	for (int i = 0; i < 100; i++) {
		cr_assert_eq(tlex_run(&x, "\"abc\\x\""), -1);
		tlex_free(&x);
	}
}

Test(lex, comments)
{
	const int ab[] = { T_IDENT, T_IDENT };
	const int add[] = { T_INT, T_PLUS, T_INT };
	const int div[] = { T_INT, T_SLASH, T_INT };

	tlex_expect_kinds("a /* x */ b", ab, 2);
	tlex_expect_kinds("a/**/b", ab, 2);
	tlex_expect_kinds("a /* * / ** */ b", ab, 2);
	tlex_expect_kinds("a // x y z\nb", ab, 2);
	tlex_expect_kinds("a // /* not a comment start\nb", ab, 2);
	tlex_expect_kinds("1/*2*/+3", add, 3);
	tlex_expect_kinds("1 / /* c */ 2", div, 3);
	tlex_expect_kinds("1 / 2 // end", div, 3);
	tlex_expect_kinds("// only a comment", NULL, 0);

	tlex x;
	cr_assert_eq(tlex_run(&x, "/* one\n * two\n */ b"), 2);
	cr_expect_eq(x.tok[0].loc.line, 3, "lines inside comments are counted");
	cr_expect_eq(x.tok[0].loc.col, 5);
	tlex_free(&x);

	tlex_expect_error("a /* unterminated", "end-of-file encountered before the end of a comment", 1, 3);
	tlex_expect_error("a\n  /* x *", "end-of-file encountered before the end of a comment", 2, 3);
}

Test(lex, pragma_options)
{
	tlex x;

	cr_assert_eq(tlex_run(&x, "#pragma D option quiet\n#pragma D option bufsize=4m\n"
				  "#pragma  D\toption  switchrate=10hz  \nBEGIN"), 2);
	cr_expect_eq(x.tok[0].kind, T_IDENT);
	cr_expect_eq(x.tok[0].loc.line, 4);
	dtr_program *p = x.c->prog;
	cr_assert_eq(p->nopts, 3);
	cr_expect_str_eq(p->opts[0].name, "quiet");
	cr_expect_null(p->opts[0].value);
	cr_expect_eq(p->opts[0].loc.line, 1);
	cr_expect_eq(p->opts[0].loc.col, 1);
	cr_expect_str_eq(p->opts[1].name, "bufsize");
	cr_expect_str_eq(p->opts[1].value, "4m");
	cr_expect_eq(p->opts[1].loc.line, 2);
	cr_expect_str_eq(p->opts[2].name, "switchrate");
	cr_expect_str_eq(p->opts[2].value, "10hz");
	tlex_free(&x);

	/* an empty value is kept as "" */
	cr_assert_eq(tlex_run(&x, "#pragma D option strsize="), 1);
	cr_assert_eq(x.c->prog->nopts, 1);
	cr_expect_str_eq(x.c->prog->opts[0].name, "strsize");
	cr_expect_str_eq(x.c->prog->opts[0].value, "");
	tlex_free(&x);

	/* pragmas between tokens, and ones DTrace ignores */
	const int two[] = { T_IDENT, T_IDENT };
	tlex_expect_kinds("a\n#pragma D depends_on module x\n#pragma D attributes Stable/evolving/ISA x\n"
			  "#pragma ident \"whatever\"\n#pragma D binding \"1.0\" f\n#\n#pragma weak g\nb",
			  two, 2);
	cr_assert_eq(tlex_run(&x, "a\n#pragma D option flowindent\nb"), 3);
	cr_expect_eq(x.c->prog->nopts, 1);
	tlex_free(&x);

	tlex_expect_error("#pragma D option", "malformed #pragma option <option>=<val>", 1, 1);
	tlex_expect_error("#pragma D option a b", "superfluous arguments specified for #pragma option", 1, 1);
	tlex_expect_error("a\n#pragma D bogus x", "invalid D pragma: bogus", 2, 1);
	tlex_expect_error("#define X 1", "invalid control directive: #define", 1, 1);
	tlex_expect_error("#pragma D attributes a/b/c x", "invalid attributes specified by #pragma "
			  "attributes", 1, 1);
	tlex_expect_error("#pragma D attributes Stable", "malformed #pragma attributes <attributes> "
			  "<ident>", 1, 1);
	tlex_expect_error("#pragma D binding 1.0 f", "malformed #pragma binding \"version\" <ident>", 1, 1);
	tlex_expect_error("#pragma D binding \"1.0.99999\" f", "invalid version string specified by "
			  "#pragma binding", 1, 1);
	tlex_expect_error("#pragma D depends_on library x.d", "main program may not explicitly depend "
			  "on a library", 1, 1);
	tlex_expect_error("#pragma D depends_on thing x", "invalid class thing specified by #pragma "
			  "depends_on", 1, 1);
	tlex_expect_error("#error stop \"here\" now", "#error: stop here now ", 1, 1);
	/* only a '#' in the first column starts a directive */
	tlex_expect_error("a #pragma D option quiet", "syntax error near \"#\"", 1, 3);
}

Test(lex, interpreter_line)
{
	tlex x;

	cr_assert_eq(tlex_run(&x, "#!/usr/sbin/dtrace -qs\nBEGIN"), 2);
	cr_expect_eq(x.tok[0].kind, T_IDENT);
	cr_expect_str_eq(x.tok[0].sval, "BEGIN");
	cr_expect_eq(x.tok[0].loc.line, 2);
	cr_expect_eq(x.tok[0].loc.col, 1);
	cr_expect_eq(x.c->prog->nopts, 0, "the -qs of #! is not an option pragma");
	tlex_free(&x);

	cr_assert_eq(tlex_run(&x, "#!dtr"), 1);
	tlex_free(&x);

	/* only on the first line */
	tlex_expect_error("\n#!/usr/sbin/dtrace -s", "invalid control directive: #!/usr/sbin/dtrace", 2, 1);
}

Test(lex, macros)
{
	static const char *const ok[] = { "$1", "$0", "$12", "$$1", "$$0", "$target", "$pid",
					  "$$target", "$_x" };

	for (size_t i = 0; i < TLEX_N(ok); i++) {
		tlex x;
		cr_expect_eq(tlex_run(&x, ok[i]), 2, "%s", ok[i]);
		cr_expect_eq(x.tok[0].kind, T_MACRO, "%s", ok[i]);
		cr_expect_str_eq(x.tok[0].sval, ok[i]);
		tlex_free(&x);
	}
	const int sum[] = { T_MACRO, T_PLUS, T_MACRO };
	tlex_expect_kinds("$1+$$2", sum, 3);
	tlex_expect_error("$", "syntax error near \"$\"", 1, 1);
	tlex_expect_error("x $$ y", "syntax error near \"$\"", 1, 3);
	tlex_expect_error("$ 1", "syntax error near \"$\"", 1, 1);
}

Test(lex, aggregations)
{
	static const struct {
		const char *src, *name;
	} c[] = {
		{ "@", "" }, { "@a", "a" }, { "@counts", "counts" }, { "@_x1", "_x1" },
		{ "@1", "1" },
	};

	for (size_t i = 0; i < TLEX_N(c); i++) {
		tlex x;
		cr_expect_eq(tlex_run(&x, c[i].src), 2, "%s", c[i].src);
		cr_expect_eq(x.tok[0].kind, T_AGG, "%s", c[i].src);
		cr_expect_str_eq(x.tok[0].sval, c[i].name);
		tlex_free(&x);
	}
	const int keyed[] = { T_AGG, T_LBRACK, T_IDENT, T_COMMA, T_INT, T_RBRACK, T_ASSIGN };
	tlex_expect_kinds("@a[execname, 1] =", keyed, 7);
	const int anon[] = { T_AGG, T_ASSIGN, T_IDENT, T_LPAREN, T_RPAREN };
	tlex_expect_kinds("@ = count()", anon, 5);
}

Test(lex, probe_descriptions)
{
	static const struct {
		const char *src, *want;
		int line, col;
	} c[] = {
		{ "BEGIN", "BEGIN", 1, 1 },
		{ "BEGIN{", "BEGIN", 1, 1 },
		{ "BEGIN/x/", "BEGIN", 1, 1 },
		{ "  \n\t END {", "END", 2, 3 },
		{ "/* c */ BEGIN", "BEGIN", 1, 9 },
		{ "syscall::read*:entry", "syscall::read*:entry", 1, 1 },
		{ "syscall::read*:entry,syscall::write:entry", "syscall::read*:entry", 1, 1 },
		{ "pid$target:::entry", "pid$target:::entry", 1, 1 },
		{ "pid$1:libc.so.6:malloc:return", "pid$1:libc.so.6:malloc:return", 1, 1 },
		{ "profile-997", "profile-997", 1, 1 },
		{ "tick-1sec", "tick-1sec", 1, 1 },
		{ "dtrace:::BEGIN", "dtrace:::BEGIN", 1, 1 },
		{ ":::", ":::", 1, 1 },
		{ "fbt:vmlinux:do_sys_open:entry", "fbt:vmlinux:do_sys_open:entry", 1, 1 },
		{ "fbt::vfs_[rw]*:entry", "fbt::vfs_[rw]*:entry", 1, 1 },
		{ "sys?all:::", "sys?all:::", 1, 1 },
		{ "fbt:mod`x:f+0x10:", "fbt:mod`x:f+0x10:", 1, 1 },
		{ "-x", "-x", 1, 1 },
	};

	for (size_t i = 0; i < TLEX_N(c); i++) {
		tlex x;
		int r = tlex_pdesc(&x, c[i].src);
		cr_expect_eq(r, 1, "%s: dlex_pdesc returned %d", c[i].src, r);
		if (r == 1) {
			cr_expect_eq(x.tok[0].kind, T_PDESC);
			cr_expect_str_eq(x.tok[0].sval, c[i].want, "%s", c[i].src);
			cr_expect_eq(x.tok[0].len, (int)strlen(c[i].want));
			cr_expect(x.tok[0].loc.line == c[i].line && x.tok[0].loc.col == c[i].col,
				  "%s: at %d:%d", c[i].src, x.tok[0].loc.line, x.tok[0].loc.col);
		}
		tlex_free(&x);
	}

	/* what cannot start a description */
	static const char *const none[] = { "", "   ", "{", "1BEGIN", "/x/", "`x", "+x", "\"s\"" };
	for (size_t i = 0; i < TLEX_N(none); i++) {
		tlex x;
		cr_expect_eq(tlex_pdesc(&x, none[i]), 0, "\"%s\" taken as a description", none[i]);
		tlex_free(&x);
	}

	/* after a description the expression lexer takes over */
	tlex x;
	cr_assert_eq(tlex_pdesc(&x, "syscall::read:entry /pid == 1/ {"), 1);
	cr_expect_eq(dlex_next(x.c).kind, T_SLASH);
	dtoken t = dlex_next(x.c);
	cr_expect_eq(t.kind, T_IDENT);
	cr_expect_str_eq(t.sval, "pid");
	tlex_free(&x);
}
