/* Unit tests of dc/dfmt: D printf() formats parsed, checked and printed,
 * one table row per case (format, arguments, expected output or message). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dc/dfmt.h"

#define TDFMT_MAXARGS 4

/* One argument: its D type and its recorded value. */
struct tdfmt_arg {
	dtype t;
	dfmt_val v;
};

#define A_CHAR(x)   { { DT_INT, 1, 1, 0, 0, 0 }, { (uint64_t)(int64_t)(int8_t)(x), NULL } }
#define A_UCHAR(x)  { { DT_INT, 1, 0, 0, 0, 0 }, { (uint8_t)(x), NULL } }
#define A_SHORT(x)  { { DT_INT, 2, 1, 0, 0, 0 }, { (uint64_t)(int64_t)(int16_t)(x), NULL } }
#define A_USHORT(x) { { DT_INT, 2, 0, 0, 0, 0 }, { (uint16_t)(x), NULL } }
#define A_INT(x)    { { DT_INT, 4, 1, 0, 0, 0 }, { (uint64_t)(int64_t)(int32_t)(x), NULL } }
#define A_UINT(x)   { { DT_INT, 4, 0, 0, 0, 0 }, { (uint32_t)(x), NULL } }
#define A_LONG(x)   { { DT_INT, 8, 1, 0, 0, 0 }, { (uint64_t)(int64_t)(x), NULL } }
#define A_ULONG(x)  { { DT_INT, 8, 0, 0, 0, 0 }, { (uint64_t)(x), NULL } }
#define A_STR(x)    { { DT_STRING, 0, 0, 0, 0, 0 }, { 0, (x) } }
/* floats and doubles by their bits; a long double by its bytes */
#define A_FLOAT(b)  { { DT_FLOAT, 4, 0, 0, 0, 0 }, { (uint32_t)(b), NULL } }
#define A_DOUBLE(b) { { DT_FLOAT, 8, 0, 0, 0, 0 }, { (uint64_t)(b), NULL } }
#define A_LDOUBLE(p) { { DT_FLOAT, 16, 0, 0, 0, 0 }, { 0, (const char *)(p) } }

struct tdfmt_case {
	const char *fmt;
	int n;
	struct tdfmt_arg a[TDFMT_MAXARGS];
	const char *want;	/* output, or a substring of the message */
};

/* Parse, check and print c; returns the output (caller frees) or NULL with
 * the error message in err. */
static char *tdfmt_run(const struct tdfmt_case *c, char *err, size_t errlen)
{
	dtype t[TDFMT_MAXARGS];
	dfmt_val v[TDFMT_MAXARGS];
	char *s = NULL;
	size_t len = 0;
	FILE *out;
	dfmt f;

	err[0] = '\0';
	for (int i = 0; i < c->n; i++) {
		t[i] = c->a[i].t;
		v[i] = c->a[i].v;
	}
	if (dfmt_parse(c->fmt, &f, err, errlen) < 0)
		return NULL;
	if (dfmt_check(&f, t, c->n, err, errlen) < 0) {
		dfmt_free(&f);
		return NULL;
	}
	cr_assert_eq(f.nargs, c->n, "%s: nargs %d, %d arguments", c->fmt,
	    f.nargs, c->n);
	out = open_memstream(&s, &len);
	cr_assert_not_null(out);
	dfmt_print(out, &f, t, v, c->n);
	fclose(out);
	dfmt_free(&f);
	return s;
}

static void tdfmt_expect_out(const struct tdfmt_case *cases, size_t n)
{
	char err[512];

	for (size_t i = 0; i < n; i++) {
		char *s = tdfmt_run(&cases[i], err, sizeof(err));

		cr_expect_not_null(s, "\"%s\": rejected: %s", cases[i].fmt, err);
		if (s == NULL)
			continue;
		cr_expect_str_eq(s, cases[i].want, "\"%s\": got \"%s\", want \"%s\"",
		    cases[i].fmt, s, cases[i].want);
		free(s);
	}
}

static void tdfmt_expect_err(const struct tdfmt_case *cases, size_t n)
{
	char err[512];

	for (size_t i = 0; i < n; i++) {
		char *s = tdfmt_run(&cases[i], err, sizeof(err));

		cr_expect_null(s, "\"%s\": accepted, printed \"%s\"",
		    cases[i].fmt, s ? s : "");
		free(s);
		cr_expect(strstr(err, cases[i].want) != NULL,
		    "\"%s\": message \"%s\" lacks \"%s\"", cases[i].fmt, err,
		    cases[i].want);
	}
}

#define TDFMT_N(t) (sizeof(t) / sizeof((t)[0]))

Test(dfmt, integers)
{
	static const struct tdfmt_case c[] = {
		{ "%d", 1, { A_INT(42) }, "42" },
		{ "%d", 1, { A_INT(-42) }, "-42" },
		{ "%i", 1, { A_INT(-7) }, "-7" },
		{ "%d", 1, { A_CHAR(-1) }, "-1" },
		{ "%d", 1, { A_UCHAR(255) }, "255" },
		{ "%d", 1, { A_SHORT(-300) }, "-300" },
		{ "%d", 1, { A_LONG(INT64_MIN) }, "-9223372036854775808" },
		{ "%d", 1, { A_UINT(4294967295u) }, "4294967295" },
		{ "%d", 1, { A_ULONG(UINT64_MAX) }, "18446744073709551615" },
		{ "%i", 1, { A_ULONG(UINT64_MAX) }, "18446744073709551615" },
		{ "%u", 1, { A_INT(-1) }, "4294967295" },
		{ "%u", 1, { A_LONG(-1) }, "18446744073709551615" },
		{ "%x", 1, { A_INT(-1) }, "ffffffff" },
		{ "%x", 1, { A_CHAR(-1) }, "ff" },
		{ "%x", 1, { A_SHORT(-1) }, "ffff" },
		{ "%X", 1, { A_INT(255) }, "FF" },
		{ "%o", 1, { A_INT(8) }, "10" },
		{ "%hd", 1, { A_SHORT(-5) }, "-5" },
		{ "%hi", 1, { A_SHORT(97) }, "97" },
		{ "%ho", 1, { A_USHORT(97) }, "141" },
		{ "%hu", 1, { A_USHORT(65535) }, "65535" },
		{ "%hx", 1, { A_SHORT(-1) }, "ffff" },
		{ "%hX", 1, { A_USHORT(0xabc) }, "ABC" },
		{ "%ld", 1, { A_LONG(-1) }, "-1" },
		{ "%li", 1, { A_LONG(97) }, "97" },
		{ "%lo", 1, { A_ULONG(97) }, "141" },
		{ "%lu", 1, { A_ULONG(UINT64_MAX) }, "18446744073709551615" },
		{ "%lx", 1, { A_ULONG(0xdeadbeefcafeull) }, "deadbeefcafe" },
		{ "%lX", 1, { A_LONG(0xdeadbeefcafell) }, "DEADBEEFCAFE" },
		{ "%lld", 1, { A_LONG(123) }, "123" },
		{ "%llu", 1, { A_ULONG(123) }, "123" },
		{ "%llx", 1, { A_LONG(-1) }, "ffffffffffffffff" },
		{ "%p", 1, { A_LONG(0x1234) }, "1234" },
		{ "%p", 1, { A_INT(97) }, "61" },
		{ "%p", 1, { A_ULONG(0xffffffff81000000ull) }, "ffffffff81000000" },
	};
	tdfmt_expect_out(c, TDFMT_N(c));
}

Test(dfmt, flags_width_precision)
{
	static const struct tdfmt_case c[] = {
		{ "%#o", 1, { A_INT(8) }, "010" },
		{ "%#x", 1, { A_INT(0x123) }, "0x123" },
		{ "%#8x|", 1, { A_INT(0x123) }, "   0x123|" },
		{ "%08x", 1, { A_INT(0x123) }, "00000123" },
		{ "%-8x|", 1, { A_INT(0x123) }, "123     |" },
		{ "%+8d", 1, { A_INT(123) }, "    +123" },
		{ "% 8d", 1, { A_INT(123) }, "     123" },
		{ "%+d", 1, { A_INT(-3) }, "-3" },
		{ "%+d", 1, { A_UINT(5) }, "5" },
		{ "%05d", 1, { A_INT(-42) }, "-0042" },
		/* C, not Oracle's DTrace: '-' wins over '0' */
		{ "%-05d|", 1, { A_INT(42) }, "42   |" },
		{ "%0-5d|", 1, { A_INT(42) }, "42   |" },
		{ "%-08.3d|", 1, { A_INT(42) }, "042     |" },
		/* DTrace passes a precision to libc only when it is above
		 * zero: a zero precision is none */
		{ "%.0d|", 1, { A_INT(0) }, "0|" },
		{ "%.d|", 1, { A_INT(0) }, "0|" },
		{ "%5.0d|", 1, { A_INT(0) }, "    0|" },
		{ "%.*d|", 2, { A_INT(0), A_INT(0) }, "0|" },
		{ "%.0d", 1, { A_INT(7) }, "7" },
		{ "%.5d", 1, { A_INT(42) }, "00042" },
		{ "%08.3d|", 1, { A_INT(5) }, "     005|" },
		{ "%.3x", 1, { A_INT(10) }, "00a" },
		{ "%20lu|", 1, { A_ULONG(UINT64_MAX) }, "18446744073709551615|" },
		{ "%?x|", 1, { A_INT(16) }, "              10|" },
		{ "%l5d|", 1, { A_LONG(3) }, "    3|" },
		{ "%'d", 1, { A_INT(1234567) }, "1234567" },
		{ "%*d|", 2, { A_INT(5), A_INT(42) }, "   42|" },
		{ "%*d|", 2, { A_INT(-5), A_INT(42) }, "42   |" },
		{ "%-*d|", 2, { A_INT(-5), A_INT(42) }, "42   |" },
		{ "%*d|", 2, { A_CHAR(3), A_INT(1) }, "  1|" },
		{ "%.*d", 2, { A_INT(3), A_INT(7) }, "007" },
		{ "%.*d", 2, { A_INT(-1), A_INT(7) }, "7" },
		{ "%*.*d|", 3, { A_INT(6), A_INT(3), A_INT(7) }, "   007|" },
		{ "%0*d", 2, { A_ULONG(4), A_INT(7) }, "0007" },
	};
	tdfmt_expect_out(c, TDFMT_N(c));
}

/* %e %E %f %g %G of float, double and long double, as C prints a double
 * (a float converted) or a long double; a precision of 0 is none */
Test(dfmt, floating_point)
{
	/* 1.0L as x86-64 stores a long double: 64-bit mantissa, exponent */
	static const uint64_t one_l[2] = { 0x8000000000000000ull, 0x3fff };
	static const struct tdfmt_case c[] = {
		{ "%f", 1, { A_FLOAT(0x3fc00000) }, "1.500000" },
		{ "%e", 1, { A_FLOAT(0xc1200000) }, "-1.000000e+01" },
		{ "%g|%G", 2, { A_FLOAT(0x3e800000), A_FLOAT(0x3e800000) }, "0.25|0.25" },
		{ "%E", 1, { A_DOUBLE(0x4415af1d78b58c40ull) }, "1.000000E+20" },
		{ "%g", 1, { A_DOUBLE(0x4415af1d78b58c40ull) }, "1e+20" },
		{ "[%10.3f]", 1, { A_DOUBLE(0x400921fb54442d18ull) }, "[     3.142]" },
		{ "[%-9.2e]", 1, { A_DOUBLE(0x400921fb54442d18ull) }, "[3.14e+00 ]" },
		{ "[%+g][% f]", 2, { A_DOUBLE(0x400921fb54442d18ull), A_DOUBLE(0x400921fb54442d18ull) },
		  "[+3.14159][ 3.141593]" },
		{ "[%08.2f][%#.0e]", 2, { A_DOUBLE(0x400921fb54442d18ull), A_DOUBLE(0) },
		  "[00003.14][0.000000e+00]" },
		{ "%.0f", 1, { A_DOUBLE(0x3ff8000000000000ull) }, "1.500000" },
		{ "%*.*f", 3, { A_INT(6), A_INT(1), A_DOUBLE(0x3ff8000000000000ull) }, "   1.5" },
		{ "%Lf|%Le|%g", 3, { A_LDOUBLE(one_l), A_LDOUBLE(one_l), A_LDOUBLE(one_l) },
		  "1.000000|1.000000e+00|1" },
		{ "%f", 1, { A_LDOUBLE(NULL) }, "0.000000" },
	};
	tdfmt_expect_out(c, TDFMT_N(c));
}

Test(dfmt, chars_strings_escapes)
{
	static const struct tdfmt_case c[] = {
		{ "%c", 1, { A_INT('a') }, "a" },
		{ "%c", 1, { A_CHAR('z') }, "z" },
		{ "%c", 1, { A_SHORT('q') }, "q" },
		{ "%3c|", 1, { A_INT('a') }, "  a|" },
		{ "%-3c|", 1, { A_INT('a') }, "a  |" },
		{ "%03c|", 1, { A_INT('a') }, "  a|" },
		{ "%lc", 1, { A_INT('a') }, "a" },
		{ "%wc", 1, { A_INT('b') }, "b" },
		{ "%C", 1, { A_INT('\n') }, "\\n" },
		{ "%C", 1, { A_CHAR('x') }, "x" },
		{ "%C", 1, { A_INT(0) }, "\\0" },
		{ "%C", 1, { A_INT(0x1b) }, "\\033" },
		{ "%s", 1, { A_STR("hello") }, "hello" },
		{ "%10s|", 1, { A_STR("hello") }, "     hello|" },
		{ "%-10s|", 1, { A_STR("hello") }, "hello     |" },
		{ "%010s|", 1, { A_STR("hi") }, "        hi|" },
		{ "%.3s", 1, { A_STR("hello") }, "hel" },
		{ "%5.3s|", 1, { A_STR("hello") }, "  hel|" },
		/* C, not Oracle's DTrace: %.0s prints nothing */
		{ "[%.0s]", 1, { A_STR("hello") }, "[hello]" },
		{ "[%.*s]", 2, { A_INT(0), A_STR("hello") }, "[hello]" },
		{ "%.*s", 2, { A_INT(2), A_STR("abc") }, "ab" },
		{ "%.*s", 2, { A_INT(-1), A_STR("abc") }, "abc" },
		{ "%s", 1, { A_STR("") }, "" },
		{ "%S", 1, { A_STR("ab") }, "ab\\0" },
		{ "%S", 1, { A_STR("a\tb\n") }, "a\\tb\\n\\0" },
		{ "%S", 1, { A_STR("\"q\" \\ 'x'") }, "\\\"q\\\" \\\\ 'x'\\0" },
		{ "%S", 1, { A_STR("\a\b\f\r\v") }, "\\a\\b\\f\\r\\v\\0" },
		{ "%S", 1, { A_STR("\x01\xff~") }, "\\001\\377~\\0" },
		{ "%8S|", 1, { A_STR("ab") }, "    ab\\0|" },
		{ "%-8S|", 1, { A_STR("ab") }, "ab\\0    |" },
		{ "%.3S|", 1, { A_STR("\n\n") }, "\\n\\|" },
		{ "%a", 1, { A_ULONG(0xffffffff81000000ull) }, "0xffffffff81000000" },
		{ "%a", 1, { A_INT(16) }, "0x10" },
		{ "%8A|", 1, { A_LONG(255) }, "    0xff|" },
		{ "%-8a|", 1, { A_LONG(255) }, "0xff    |" },
	};
	tdfmt_expect_out(c, TDFMT_N(c));
}

Test(dfmt, literals)
{
	static const struct tdfmt_case c[] = {
		{ "hello\n", 0, { A_INT(0) }, "hello\n" },
		{ "%%", 0, { A_INT(0) }, "%" },
		{ "100%% sure %d%%\n", 1, { A_INT(5) }, "100% sure 5%\n" },
		{ "%d%d", 2, { A_INT(1), A_INT(2) }, "12" },
		{ "<%s> = %d\n", 2, { A_STR("x"), A_INT(-1) }, "<x> = -1\n" },
		{ "x = %d y = %d\n", 2, { A_INT(123), A_INT(456) },
		  "x = 123 y = 456\n" },
	};
	tdfmt_expect_out(c, TDFMT_N(c));
}

Test(dfmt, times)
{
	static const struct tdfmt_case c[] = {
		{ "%Y", 1, { A_ULONG(0) }, "1970 Jan  1 00:00:00" },
		{ "%Y", 1, { A_ULONG(1062609821000000000ull) },
		  "2003 Sep  3 17:23:41" },
		{ "%Y", 1, { A_LONG(1062609821000000000ll) },
		  "2003 Sep  3 17:23:41" },
		{ "%Y", 1, { A_ULONG(0x7fffffffull * 1000000000ull) },
		  "2038 Jan 19 03:14:07" },
		{ "%22Y|", 1, { A_ULONG(0) }, "  1970 Jan  1 00:00:00|" },
		{ "%.4Y", 1, { A_ULONG(0) }, "1970" },
		{ "%T", 1, { A_ULONG(1062609821000000000ull) },
		  "Wed, 03 Sep 2003 17:23:41 UTC" },
		/* DTrace's %T prints the ISO week-based year (strftime %G) */
		{ "%T", 1, { A_ULONG(1735603200000000000ull) },
		  "Tue, 31 Dec 2025 00:00:00 UTC" },
	};
	setenv("TZ", "UTC", 1);
	tzset();
	tdfmt_expect_out(c, TDFMT_N(c));
}

Test(dfmt, parse_errors)
{
	static const struct tdfmt_case c[] = {
		{ "%", 0, { A_INT(0) },
		  "format conversion #1 name expected before end of format string" },
		{ "%d %", 1, { A_INT(0) },
		  "format conversion #2 name expected before end of format string" },
		{ "%-", 0, { A_INT(0) },
		  "format conversion #1 name expected before end of format string" },
		{ "%%%", 0, { A_INT(0) },
		  "format conversion #2 name expected before end of format string" },
		{ "%hhd", 1, { A_CHAR(0) }, "format conversion #1 is undefined: %hhd" },
		{ "%zd", 1, { A_LONG(0) }, "format conversion #1 is undefined: %z" },
		{ "%jd", 1, { A_LONG(0) }, "format conversion #1 is undefined: %j" },
		{ "%td", 1, { A_LONG(0) }, "format conversion #1 is undefined: %t" },
		{ "%Ld", 1, { A_LONG(0) }, "format conversion #1 is undefined: %Ld" },
		{ "%Z", 1, { A_INT(0) }, "format conversion #1 is undefined: %Z" },
		{ "%n", 1, { A_INT(0) }, "format conversion #1 is undefined: %n" },
		{ "%%%%%q", 1, { A_INT(0) }, "format conversion #3 is undefined: %q" },
		{ "%1$d", 1, { A_INT(0) },
		  "format conversion #1 uses unsupported positional format (%n$)" },
		{ "%5%", 0, { A_INT(0) },
		  "format conversion #1 cannot be combined with other format flags: %%" },
		{ "%**d", 2, { A_INT(0), A_INT(0) },
		  "format conversion #1 has more than one '*' specified for the output width" },
		{ "%.**d", 2, { A_INT(0), A_INT(0) },
		  "format conversion #1 has more than one '*' specified for the output precision" },
		{ "%1.2.3d", 1, { A_INT(0) },
		  "format conversion #1 has more than one '.' specified" },
		{ "%@d", 1, { A_INT(0) },
		  "%@ conversion requires an aggregation and is not for use with printf( )" },
	};
	tdfmt_expect_err(c, TDFMT_N(c));
}

Test(dfmt, check_errors)
{
	static const struct tdfmt_case c[] = {
		{ "", 0, { A_INT(0) }, "printf( ) format string is empty" },
		{ "%d %d", 1, { A_INT(1) },
		  "printf( ) prototype mismatch: conversion #2 (%d) is missing a "
		  "corresponding value argument" },
		{ "%s", 0, { A_INT(0) },
		  "printf( ) prototype mismatch: conversion #1 (%s) is missing a "
		  "corresponding value argument" },
		{ "%%%ld", 0, { A_INT(0) },
		  "printf( ) prototype mismatch: conversion #2 (%ld) is missing a "
		  "corresponding value argument" },
		{ "x = %d y = %d\n", 3, { A_INT(123), A_INT(456), A_INT(789) },
		  "printf( ) prototype mismatch: only 2 arguments required by this "
		  "format string" },
		{ "hello", 1, { A_INT(1) },
		  "printf( ) prototype mismatch: only 0 arguments required by this "
		  "format string" },
		{ "%*d", 0, { A_INT(0) },
		  "printf( ) prototype mismatch: conversion #1 (%d) is missing a "
		  "corresponding \"*\" argument" },
		{ "%*.*d", 1, { A_INT(1) },
		  "printf( ) prototype mismatch: conversion #1 (%d) is missing a "
		  "corresponding \".*\" argument" },
		{ "%*.*d", 2, { A_INT(1), A_INT(1) },
		  "printf( ) prototype mismatch: conversion #1 (%d) is missing a "
		  "corresponding value argument" },
		{ "%*d", 2, { A_STR("x"), A_INT(1) },
		  "printf( ) argument #2 is incompatible with conversion #1 prototype:\n"
		  "\tconversion: % * d\n\t prototype: int\n\t  argument: string" },
		{ "%.*d", 2, { A_STR("x"), A_INT(1) },
		  "printf( ) argument #2 is incompatible with conversion #1 prototype:\n"
		  "\tconversion: % .* d\n\t prototype: int\n\t  argument: string" },
		{ "%hd", 1, { A_INT(1) },
		  "printf( ) argument #2 is incompatible with conversion #1 prototype:\n"
		  "\tconversion: %hd\n\t prototype: short\n\t  argument: int" },
		{ "%hd", 1, { A_USHORT(1) }, "\t  argument: unsigned short" },
		{ "%hu", 1, { A_SHORT(1) },
		  "\tconversion: %hu\n\t prototype: unsigned short\n\t  argument: short" },
		{ "%hx", 1, { A_INT(1) }, "\tconversion: %hx\n\t prototype: short\n" },
		{ "%ld", 1, { A_INT(1) },
		  "\tconversion: %ld\n\t prototype: long\n\t  argument: int" },
		{ "%ld", 1, { A_ULONG(1) }, "\t  argument: uint64_t" },
		{ "%lu", 1, { A_LONG(1) },
		  "\tconversion: %lu\n\t prototype: unsigned long\n\t  argument: int64_t" },
		{ "%lx", 1, { A_UINT(1) },
		  "\tconversion: %lx\n\t prototype: long\n\t  argument: unsigned int" },
		{ "%llu", 1, { A_LONG(1) }, "\t prototype: unsigned long long\n" },
		{ "%llx", 1, { A_INT(1) }, "\t prototype: long long\n" },
		{ "%lc", 1, { A_UINT(1) },
		  "\tconversion: %lc\n\t prototype: int\n\t  argument: unsigned int" },
		{ "%ls", 1, { A_STR("x") },
		  "printf( ) argument #2 is incompatible with conversion #1 prototype:\n"
		  "\tconversion: %ls\n\t prototype: wchar_t []\n\t  argument: string" },
		{ "%ws", 1, { A_STR("x") }, "\t prototype: wchar_t []\n" },
		{ "%d", 1, { A_STR("x") },
		  "\tconversion: %d\n\t prototype: char, short, int, long, or long long\n"
		  "\t  argument: string" },
		{ "%x", 1, { A_STR("x") }, "\t prototype: char, short, int, long, or long long\n" },
		{ "%s", 1, { A_INT(1) },
		  "\tconversion: %s\n\t prototype: char [] or string (or use stringof)\n"
		  "\t  argument: int" },
		{ "%S", 1, { A_CHAR(1) }, "\t  argument: char" },
		{ "%c", 1, { A_LONG(1) },
		  "\tconversion: %c\n\t prototype: char, short, or int\n\t  argument: int64_t" },
		{ "%C", 1, { A_STR("x") }, "\t prototype: char, short, or int\n" },
		{ "%e", 1, { A_INT(1) },
		  "\tconversion: %e\n\t prototype: float, double, or long double\n"
		  "\t  argument: int" },
		{ "%f", 1, { A_LONG(1) }, "\tconversion: %f\n\t prototype: float, double, or long double" },
		{ "%g", 1, { A_INT(1) }, "\tconversion: %g\n" },
		{ "%E", 1, { A_INT(1) }, "\tconversion: %E\n" },
		{ "%G", 1, { A_INT(1) }, "\tconversion: %G\n" },
		{ "%Lf", 1, { A_LONG(1) }, "\tconversion: %Lf\n\t prototype: long double\n" },
		{ "%Le", 1, { A_DOUBLE(0) }, "\t prototype: long double\n\t  argument: double" },
		{ "%d", 1, { A_FLOAT(0) }, "\tconversion: %d\n\t prototype: char, short, int, long, "
		  "or long long\n\t  argument: float" },
		{ "%Y", 1, { A_INT(1) },
		  "\tconversion: %Y\n\t prototype: int64_t\n\t  argument: int" },
		{ "%T", 1, { A_STR("x") }, "\tconversion: %T\n\t prototype: int64_t\n" },
		{ "%k", 1, { A_LONG(1) }, "\tconversion: %k\n\t prototype: stack\n" },
		{ "%p", 1, { A_STR("x") }, "\t prototype: pointer or integer\n" },
		{ "%A", 1, { A_STR("x") },
		  "\t prototype: pointer or integer (with -p/-c) or _usymaddr (without -p/-c)\n" },
		{ "%d %s", 2, { A_INT(1), A_INT(2) },
		  "printf( ) argument #3 is incompatible with conversion #2 prototype:" },
		{ "100%% %d", 1, { A_STR("x") },
		  "printf( ) argument #2 is incompatible with conversion #2 prototype:" },
		{ "%*d %s", 3, { A_INT(1), A_INT(2), A_INT(3) },
		  "printf( ) argument #4 is incompatible with conversion #2 prototype:" },
	};
	tdfmt_expect_err(c, TDFMT_N(c));
}

Test(dfmt, accepted_types)
{
	static const struct tdfmt_case c[] = {
		{ "%hx", 1, { A_USHORT(1) }, "1" },
		{ "%hx", 1, { A_SHORT(1) }, "1" },
		{ "%lx", 1, { A_LONG(1) }, "1" },
		{ "%llx", 1, { A_ULONG(1) }, "1" },
		{ "%lld", 1, { A_LONG(1) }, "1" },
		{ "%p", 1, { A_CHAR(1) }, "1" },
		{ "%c", 1, { A_UCHAR('c') }, "c" },
		{ "%x", 1, { A_UCHAR(1) }, "1" },
		{ "%o", 1, { A_LONG(1) }, "1" },
		{ "%A", 1, { A_INT(1) }, "0x1" },
		{ "%*s", 2, { A_ULONG(2), A_STR("x") }, " x" },
		{ "%e", 1, { A_DOUBLE(0) }, "0.000000e+00" },
	};
	tdfmt_expect_out(c, TDFMT_N(c));
}

Test(dfmt, pieces)
{
	char err[256];
	dfmt f;

	cr_assert_eq(dfmt_parse("a%-08.3ldb%%c", &f, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(f.n, 2);
	cr_expect_eq(f.nargs, 1);
	cr_expect_str_eq(f.p[0].lit, "a");
	cr_expect_eq(f.p[0].conv, 'd');
	cr_expect_str_eq(f.p[0].flags, "-0");
	cr_expect_eq(f.p[0].width, 8);
	cr_expect_eq(f.p[0].prec, 3);
	cr_expect_str_eq(f.p[0].len, "l");
	cr_expect_str_eq(f.p[1].lit, "b%c");
	cr_expect_eq(f.p[1].conv, 0);
	dfmt_free(&f);
	dfmt_free(&f);	/* a second free is harmless */

	cr_assert_eq(dfmt_parse("%d", &f, err, sizeof(err)), 0);
	cr_expect_eq(f.n, 1);
	cr_expect_str_eq(f.p[0].lit, "");
	cr_expect_eq(f.p[0].width, -1);
	cr_expect_eq(f.p[0].prec, -1);
	cr_expect_str_eq(f.p[0].flags, "");
	dfmt_free(&f);

	cr_assert_eq(dfmt_parse("%*.*d %s %% %-+ #0x", &f, err, sizeof(err)), 0);
	cr_expect_eq(f.nargs, 5);
	cr_expect(f.p[0].width_star && f.p[0].prec_star);
	cr_expect_str_eq(f.p[2].flags, "-+ #0");
	dfmt_free(&f);

	cr_assert_eq(dfmt_parse("", &f, err, sizeof(err)), 0);
	cr_expect_eq(f.n, 0);
	dfmt_free(&f);

	/* a failed parse leaves nothing to free */
	cr_assert_eq(dfmt_parse("ok %d then %hhd", &f, err, sizeof(err)), -1);
	cr_expect_null(f.p);
	cr_expect_eq(f.n, 0);
	cr_expect_str_eq(err, "format conversion #2 is undefined: %hhd");
}

/* Print fmt with the given types and values, without dfmt_check(). */
static char *tdfmt_print_raw(const char *fmt, const dtype *t, const dfmt_val *v,
    int n, size_t *lenp)
{
	char err[256], *s = NULL;
	size_t len = 0;
	FILE *out;
	dfmt f;

	cr_assert_eq(dfmt_parse(fmt, &f, err, sizeof(err)), 0, "%s: %s", fmt, err);
	out = open_memstream(&s, &len);
	cr_assert_not_null(out);
	dfmt_print(out, &f, t, v, n);
	fclose(out);
	dfmt_free(&f);
	if (lenp)
		*lenp = len;
	return s;
}

Test(dfmt, print_is_bounded_and_safe)
{
	dtype ti[2] = { { DT_INT, 8, 1, 0, 0, 0 }, { DT_INT, 4, 1, 0, 0, 0 } };
	dtype tstr = { DT_STRING, 0, 0, 0, 0, 0 }, tint = { DT_INT, 4, 1, 0, 0, 0 };
	dfmt_val v[2] = { { 0, NULL }, { 1, NULL } };
	size_t len;
	char *s;

	s = tdfmt_print_raw("%100000000d", &tint, &v[1], 1, &len);
	cr_expect_eq(len, 4096);
	free(s);
	s = tdfmt_print_raw("%.100000000d", &tint, &v[1], 1, &len);
	cr_expect_eq(len, 4096);
	free(s);
	s = tdfmt_print_raw("%99999999999999999999x", &tint, &v[1], 1, &len);
	cr_expect_eq(len, 4096);
	free(s);

	v[0].i = (uint64_t)INT64_MIN;	/* '*' width of INT64_MIN */
	s = tdfmt_print_raw("%*d|", ti, v, 2, &len);
	cr_expect_eq(len, 4097);
	cr_expect_eq(s[0], '1');
	free(s);
	v[0].i = UINT64_MAX;		/* unsigned huge width */
	ti[0].sign = 0;
	s = tdfmt_print_raw("%*d", ti, v, 2, &len);
	cr_expect_eq(len, 4096);
	free(s);
	s = tdfmt_print_raw("%.*s", ti, (dfmt_val[]){ { UINT64_MAX, NULL },
	    { 0, "abc" } }, 2, &len);
	free(s);

	/* a string precision only cuts, so it is not clamped */
	{
		char *big = malloc(5001);

		memset(big, 'y', 5000);
		big[5000] = '\0';
		s = tdfmt_print_raw("%.*s", (dtype[]){ tint, tstr },
		    (dfmt_val[]){ { 4999, NULL }, { 0, big } }, 2, &len);
		cr_expect_eq(len, 4999);
		free(s);
		s = tdfmt_print_raw("%.6000s", &tstr, (dfmt_val[]){ { 0, big } },
		    1, &len);
		cr_expect_eq(len, 5000);
		free(s);
		free(big);
	}

	/* missing values print nothing, literals still print */
	s = tdfmt_print_raw("<%d> and <%s>", NULL, NULL, 0, NULL);
	cr_expect_str_eq(s, "<> and <>");
	free(s);
	/* NULL strings and mismatched types */
	s = tdfmt_print_raw("%s|%S|%5s", (dtype[]){ tstr, tstr, tint },
	    (dfmt_val[]){ { 0, NULL }, { 0, NULL }, { 7, NULL } }, 3, NULL);
	cr_expect_str_eq(s, "(null)|(null)\\0|(null)");
	free(s);
	s = tdfmt_print_raw("%d", &tstr, (dfmt_val[]){ { UINT64_MAX, "x" } }, 1, NULL);
	cr_expect_str_eq(s, "-1");
	free(s);
	/* no types: values are signed 64-bit */
	s = tdfmt_print_raw("%d %x", NULL, (dfmt_val[]){ { UINT64_MAX, NULL },
	    { 255, NULL } }, 2, NULL);
	cr_expect_str_eq(s, "-1 ff");
	free(s);
	/* values not extended as their type says are cut to size */
	s = tdfmt_print_raw("%d %u", (dtype[]){ { DT_INT, 1, 1, 0, 0, 0 }, { DT_INT, 2, 0, 0, 0, 0 } },
	    (dfmt_val[]){ { 0x1ff, NULL }, { 0x12345, NULL } }, 2, NULL);
	cr_expect_str_eq(s, "-1 9029");
	free(s);
	/* %c of NUL writes a NUL byte */
	s = tdfmt_print_raw("a%cb", &tint, (dfmt_val[]){ { 0, NULL } }, 1, &len);
	cr_expect_eq(len, 3);
	cr_expect(memcmp(s, "a\0b", 3) == 0);
	free(s);
	/* formats that only the checker rejects print nothing for their value */
	s = tdfmt_print_raw("[%ws][%k][%ls]", NULL, (dfmt_val[]){ { 1, NULL },
	    { 2, NULL }, { 3, NULL } }, 3, NULL);
	cr_expect_str_eq(s, "[][][]");
	free(s);
}

/* Random formats from the characters a format may hold: whatever parses
 * must print without overflowing (run under ASan/UBSan). */
Test(dfmt, random_formats)
{
	static const char alpha[] = "%%%%-+ #0123456789.*?'hlLwzdiouxXcsSpaAYTCekq$@\n";
	static const char *const strs[] = { "", "x", "a\tb\"\\\xff", NULL };
	char fmt[32], err[256];
	unsigned seed = 12345;

	for (int iter = 0; iter < 20000; iter++) {
		int n = (int)(rand_r(&seed) % (sizeof(fmt) - 1));
		dtype t[8];
		dfmt_val v[8];
		char *s = NULL;
		size_t len = 0;
		FILE *out;
		dfmt f;

		for (int i = 0; i < n; i++)
			fmt[i] = alpha[rand_r(&seed) % (sizeof(alpha) - 1)];
		fmt[n] = '\0';
		for (int i = 0; i < 8; i++) {
			static const uint8_t sizes[] = { 1, 2, 4, 8 };

			if (rand_r(&seed) % 4 == 0) {
				t[i] = DTYPE_STR;
				v[i] = (dfmt_val){ 0, strs[rand_r(&seed) % 4] };
			} else {
				t[i] = DTYPE_INT(sizes[rand_r(&seed) % 4],
				    (uint8_t)(rand_r(&seed) % 2));
				v[i] = (dfmt_val){ ((uint64_t)rand_r(&seed) << 33) ^
				    (uint64_t)rand_r(&seed), NULL };
			}
		}
		if (dfmt_parse(fmt, &f, err, sizeof(err)) < 0) {
			cr_assert(err[0] != '\0', "\"%s\": no message", fmt);
			continue;
		}
		(void)dfmt_check(&f, t, f.nargs < 8 ? f.nargs : 8, err, sizeof(err));
		out = open_memstream(&s, &len);
		cr_assert_not_null(out);
		dfmt_print(out, &f, t, v, rand_r(&seed) % 9);
		fclose(out);
		cr_assert(len <= (size_t)(f.n + 1) * (4096 + 64) + strlen(fmt),
		    "\"%s\": %zu bytes", fmt, len);
		free(s);
		dfmt_free(&f);
	}
}

/* Parse and check fmt as call uses it; the tag of the failure, or "". */
static const char *tdfmt_tag(const char *fmt, const dfmt_call *call, const dtype *t, int n,
    char *err, size_t errlen)
{
	dfmt f;
	int rc = dfmt_parse(fmt, &f, err, errlen);

	if (rc == 0) {
		rc = dfmt_check_call(&f, call, t, n, err, errlen);
		dfmt_free(&f);
	}
	return rc < 0 ? dfmt_errtag(rc) : "";
}

Test(dfmt, error_tags)
{
	static const dfmt_call pf = { "printf", 0, { DT_INT, 8, 1, 0, 0, 0 }, NULL };
	static const struct {
		const char *fmt;
		int n;
		dtype t[2];
		const char *tag;
	} c[] = {
		{ "%z", 0, { { 0 } }, "D_SYNTAX" },
		{ "%-%", 0, { { 0 } }, "D_SYNTAX" },
		{ "%", 0, { { 0 } }, "D_SYNTAX" },
		{ "", 0, { { 0 } }, "D_PRINTF_FMT_EMPTY" },
		{ "%*d", 0, { { 0 } }, "D_PRINTF_DYN_PROTO" },
		{ "%.*d", 2, { DTYPE_STR, DTYPE_INT(4, 1) }, "D_PRINTF_DYN_TYPE" },
		{ "%@d", 1, { DTYPE_INT(4, 1) }, "D_PRINTF_AGG_CONV" },
		{ "%.*d", 1, { DTYPE_INT(4, 1) }, "D_PRINTF_ARG_PROTO" },
		{ "%d", 1, { DTYPE_STR }, "D_PRINTF_ARG_TYPE" },
		{ "%d", 2, { DTYPE_INT(4, 1), DTYPE_INT(4, 1) }, "D_PRINTF_ARG_EXTRA" },
		{ "%d", 1, { DTYPE_INT(4, 1) }, "" },
	};
	char err[512];

	for (size_t i = 0; i < TDFMT_N(c); i++)
		cr_expect_str_eq(tdfmt_tag(c[i].fmt, &pf, c[i].t, c[i].n, err, sizeof(err)),
		    c[i].tag, "\"%s\": %s", c[i].fmt, err);
}

Test(dfmt, printa_checks)
{
	const char *names[2] = { NULL, NULL };
	dfmt_call pa = { "printa", 1, DTYPE_INT(8, 0), names };
	dtype key = { .kind = DT_STACK, .form = DFMT_FORM_KEY };
	dtype ikey = DTYPE_INT(4, 1);
	char err[512];

	/* a stack key: %k and %a, not %p */
	cr_expect_str_eq(tdfmt_tag("%k %@d", &pa, &key, 1, err, sizeof(err)), "", "%s", err);
	cr_expect_str_eq(tdfmt_tag("%a", &pa, &key, 1, err, sizeof(err)), "", "%s", err);
	cr_expect_str_eq(tdfmt_tag("%p", &pa, &key, 1, err, sizeof(err)), "D_PRINTF_ARG_TYPE");
	cr_expect(strstr(err, "printa( ) argument #2 is incompatible with conversion #1 "
	    "prototype:\n\tconversion: %p\n\t prototype: pointer or integer\n\t  argument: "
	    "stack") != NULL, "%s", err);
	/* keys may be left unused; a key too few is D_PRINTF_ARG_PROTO */
	cr_expect_str_eq(tdfmt_tag("%@d", &pa, &ikey, 1, err, sizeof(err)), "");
	cr_expect_str_eq(tdfmt_tag("%d %d", &pa, &ikey, 1, err, sizeof(err)),
	    "D_PRINTF_ARG_PROTO");
	/* %@ is checked against the value's type, uint64_t for count() */
	cr_expect_str_eq(tdfmt_tag("%@s", &pa, &ikey, 1, err, sizeof(err)), "D_PRINTF_ARG_TYPE");
	cr_expect(strstr(err, "printa( ) aggregating action is incompatible with conversion "
	    "#1 prototype:") != NULL && strstr(err, "argument: uint64_t") != NULL, "%s", err);
	/* a given name replaces the type's in messages */
	names[0] = "aggregation";
	cr_expect_str_eq(tdfmt_tag("%d", &(dfmt_call){ "printf", 0, DTYPE_INT(8, 1), names },
	    (dtype[]){ DTYPE_VOID }, 1, err, sizeof(err)), "D_PRINTF_ARG_TYPE");
	cr_expect(strstr(err, "\t  argument: aggregation") != NULL, "%s", err);
}
