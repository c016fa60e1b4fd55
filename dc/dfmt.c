/* D's printf(): parses format strings the way libdtrace's dt_printf.c does,
 * checks them against argument types with DTrace's messages, and prints
 * recorded values through libc formats that this file builds itself. */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "dc/dfmt.h"

/* Largest width (and numeric precision) ever handed to libc; larger values
 * are clamped so that one conversion cannot produce unbounded output. */
#define DFMT_MAXWIDTH 4096

/* Width or precision digits saturate here while parsing (before clamping). */
#define DFMT_MAXDIGITS 1000000

/* How a conversion checks its argument (dt_printf.c's pfcheck_*). */
enum chk {
	CK_XINT,	/* any integer */
	CK_CSI,		/* char, short or int */
	CK_FP,		/* float, double or long double */
	CK_LDOUBLE,	/* exactly long double */
	CK_ADDR,	/* pointer or integer */
	CK_KADDR,	/* pointer, integer or a printa() symbol key */
	CK_STACK,	/* stack(): a printa() key only */
	CK_STR,		/* string */
	CK_WSTR,	/* wchar_t []: always fails */
	CK_TIME,	/* 64-bit integer */
	CK_SHORT,	/* exactly short */
	CK_USHORT,	/* exactly unsigned short */
	CK_XSHORT,	/* short of either sign */
	CK_INT,		/* exactly int */
	CK_LONG,	/* exactly a signed 64-bit integer */
	CK_ULONG,	/* exactly an unsigned 64-bit integer */
	CK_XLONG,	/* 64-bit integer of either sign */
};

/* How a conversion prints its value (dt_printf.c's pfprint_*). */
enum prt {
	PR_SINT,	/* value read as signed of its size */
	PR_UINT,	/* value read as unsigned of its size */
	PR_DINT,	/* signed or unsigned as the argument type says */
	PR_CHAR,	/* %c */
	PR_WCHAR,	/* %lc, %wc */
	PR_ECHR,	/* %C: one character escaped as C source */
	PR_ADDR,	/* %a, %A: symbol lookup, for now bare 0x hex */
	PR_FP,		/* float (as a double), double or long double */
	PR_TIME,	/* %Y */
	PR_TIME822,	/* %T */
	PR_CSTR,	/* %s */
	PR_ESTR,	/* %S: string escaped as C source */
	PR_NONE,	/* stacks, wide strings: never pass the check */
};

static const char proto_xint[] = "char, short, int, long, or long long";
static const char proto_csi[] = "char, short, or int";
static const char proto_fp[] = "float, double, or long double";
static const char proto_addr[] = "pointer or integer";
static const char proto_uaddr[] =
	"pointer or integer (with -p/-c) or _usymaddr (without -p/-c)";
static const char proto_cstr[] = "char [] or string (or use stringof)";
static const char proto_wstr[] = "wchar_t []";

/* One entry of the conversion dictionary: name (length modifiers then the
 * conversion character), the libc conversion used for integers, the check,
 * the printer and the prototype named in error messages. */
struct conv {
	const char *name;
	char ofmt;
	uint8_t check;
	uint8_t print;
	const char *proto;
};

/* The dictionary of libdtrace's dt_printf.c, minus "%%" (made literal text
 * by the parser). %a and %A want symbol services that dtr does not have
 * yet: they accept integers and print them as 0x-prefixed hex, which is what
 * DTrace prints for an address without a symbol. %A accepts any integer,
 * not only with -p/-c. */
static const struct conv convs[] = {
	{ "a", 's', CK_KADDR, PR_ADDR, proto_addr },
	{ "A", 's', CK_KADDR, PR_ADDR, proto_uaddr },
	{ "c", 'c', CK_CSI, PR_CHAR, proto_csi },
	{ "C", 's', CK_CSI, PR_ECHR, proto_csi },
	{ "d", 'd', CK_XINT, PR_DINT, proto_xint },
	{ "e", 'e', CK_FP, PR_FP, proto_fp },
	{ "E", 'E', CK_FP, PR_FP, proto_fp },
	{ "f", 'f', CK_FP, PR_FP, proto_fp },
	{ "g", 'g', CK_FP, PR_FP, proto_fp },
	{ "G", 'G', CK_FP, PR_FP, proto_fp },
	{ "hd", 'd', CK_SHORT, PR_SINT, "short" },
	{ "hi", 'i', CK_SHORT, PR_SINT, "short" },
	{ "ho", 'o', CK_USHORT, PR_UINT, "unsigned short" },
	{ "hu", 'u', CK_USHORT, PR_UINT, "unsigned short" },
	{ "hx", 'x', CK_XSHORT, PR_UINT, "short" },
	{ "hX", 'X', CK_XSHORT, PR_UINT, "short" },
	{ "i", 'i', CK_XINT, PR_DINT, proto_xint },
	{ "k", 's', CK_STACK, PR_NONE, "stack" },
	{ "lc", 'c', CK_INT, PR_WCHAR, "int" },
	{ "ld", 'd', CK_LONG, PR_SINT, "long" },
	{ "li", 'i', CK_LONG, PR_SINT, "long" },
	{ "lo", 'o', CK_ULONG, PR_UINT, "unsigned long" },
	{ "lu", 'u', CK_ULONG, PR_UINT, "unsigned long" },
	{ "ls", 's', CK_WSTR, PR_NONE, proto_wstr },
	{ "lx", 'x', CK_XLONG, PR_UINT, "long" },
	{ "lX", 'X', CK_XLONG, PR_UINT, "long" },
	{ "lld", 'd', CK_LONG, PR_SINT, "long long" },
	{ "lli", 'i', CK_LONG, PR_SINT, "long long" },
	{ "llo", 'o', CK_ULONG, PR_UINT, "unsigned long long" },
	{ "llu", 'u', CK_ULONG, PR_UINT, "unsigned long long" },
	{ "llx", 'x', CK_XLONG, PR_UINT, "long long" },
	{ "llX", 'X', CK_XLONG, PR_UINT, "long long" },
	{ "Le", 'e', CK_LDOUBLE, PR_FP, "long double" },
	{ "LE", 'E', CK_LDOUBLE, PR_FP, "long double" },
	{ "Lf", 'f', CK_LDOUBLE, PR_FP, "long double" },
	{ "Lg", 'g', CK_LDOUBLE, PR_FP, "long double" },
	{ "LG", 'G', CK_LDOUBLE, PR_FP, "long double" },
	{ "o", 'o', CK_XINT, PR_UINT, proto_xint },
	{ "p", 'x', CK_ADDR, PR_UINT, proto_addr },
	{ "s", 's', CK_STR, PR_CSTR, proto_cstr },
	{ "S", 's', CK_STR, PR_ESTR, proto_cstr },
	{ "T", 's', CK_TIME, PR_TIME822, "int64_t" },
	{ "u", 'u', CK_XINT, PR_UINT, proto_xint },
	{ "wc", 'c', CK_INT, PR_WCHAR, "int" },
	{ "ws", 's', CK_WSTR, PR_NONE, proto_wstr },
	{ "x", 'x', CK_XINT, PR_UINT, proto_xint },
	{ "X", 'X', CK_XINT, PR_UINT, proto_xint },
	{ "Y", 's', CK_TIME, PR_TIME, "int64_t" },
};

static const struct conv *lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(convs) / sizeof(convs[0]); i++)
		if (strcmp(convs[i].name, name) == 0)
			return &convs[i];
	return NULL;
}

/* The dictionary entry of a parsed piece (its length modifier and
 * conversion character), or NULL for a literal-only piece. */
static const struct conv *piece_conv(const dfmt_piece *p)
{
	char name[sizeof(p->len) + 1];
	size_t n = strnlen(p->len, sizeof(p->len) - 1);

	if (p->conv == 0)
		return NULL;
	memcpy(name, p->len, n);
	name[n] = p->conv;
	name[n + 1] = '\0';
	return lookup(name);
}

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- parsing ---------------------------------------------------------- */

/* A growing byte buffer for literal text. */
struct buf {
	char *s;
	size_t len, cap;
};

static int buf_put(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		char *s = realloc(b->s, cap);

		if (s == NULL)
			return -1;
		b->s = s;
		b->cap = cap;
	}
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
	return 0;
}

/* Append piece *pc to out, taking the literal from b (which is reset). */
static int add_piece(dfmt *out, int *cap, struct buf *b, const dfmt_piece *pc)
{
	dfmt_piece *p;
	char *lit = malloc(b->len + 1);

	if (lit == NULL)
		return -1;
	memcpy(lit, b->s ? b->s : "", b->len);
	lit[b->len] = '\0';
	b->len = 0;

	if (out->n == *cap) {
		int ncap = *cap ? *cap * 2 : 4;

		p = realloc(out->p, (size_t)ncap * sizeof(*p));
		if (p == NULL) {
			free(lit);
			return -1;
		}
		out->p = p;
		*cap = ncap;
	}
	p = &out->p[out->n++];
	*p = *pc;
	p->lit = lit;
	return 0;
}

static void add_flag(dfmt_piece *p, char c)
{
	size_t n = strlen(p->flags);

	if (strchr(p->flags, c) == NULL && n + 1 < sizeof(p->flags)) {
		p->flags[n] = c;
		p->flags[n + 1] = '\0';
	}
}

/* conversion := '%' ( '%' | spec* name )
 * spec := flag | digits | '.' | '*' | '?' | modifier, in any order, as
 * dt_printf.c accepts them; name := modifier* convchar.
 * Parses the conversion whose text starts after the '%' at *pp, leaves *pp
 * after it, and fills *pc. Returns 0, or -1 with a message in err. */
static int parse_conv(const char **pp, unsigned convno, dfmt_piece *pc,
    char *err, size_t errlen)
{
	const char *p = *pp;
	char name[8];
	size_t namelen = 0;
	int digits = 0, dot = 0;
	char c;

	memset(pc, 0, sizeof(*pc));
	pc->width = -1;
	pc->prec = -1;

	for (;;) {
		switch (c = *p++) {
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			if (!dot && !digits && c == '0') {
				add_flag(pc, '0');
				continue;
			}
			{
				int n = c - '0';

				while (*p >= '0' && *p <= '9') {
					n = n * 10 + (*p++ - '0');
					if (n > DFMT_MAXDIGITS)
						n = DFMT_MAXDIGITS;
				}
				if (dot)
					pc->prec = n;
				else
					pc->width = n;
			}
			digits++;
			continue;
		case '#': case '+': case '-': case ' ':
			add_flag(pc, c);
			continue;
		case '\'':
			/* Thousands grouping: dtr prints in the C locale,
			 * where it changes nothing. */
			continue;
		case '*':
			if (dot ? pc->prec_star : pc->width_star) {
				seterr(err, errlen, "format conversion #%u has "
				    "more than one '*' specified for the output "
				    "%s", convno, dot ? "precision" : "width");
				return -1;
			}
			if (dot)
				pc->prec_star = 1;
			else
				pc->width_star = 1;
			continue;
		case '.':
			if (dot++) {
				seterr(err, errlen, "format conversion #%u has "
				    "more than one '.' specified", convno);
				return -1;
			}
			/* C: a '.' alone means precision zero. */
			pc->prec = 0;
			digits = 0;
			continue;
		case '?':
			pc->width = 16;	/* width of a 64-bit pointer */
			continue;
		case '@':
			pc->agg = 1;
			continue;
		case '$':
			seterr(err, errlen, "format conversion #%u uses "
			    "unsupported positional format (%%n$)", convno);
			return -1;
		case '%':
			seterr(err, errlen, "format conversion #%u cannot be "
			    "combined with other format flags: %%%%", convno);
			return -1;
		case '\0':
			seterr(err, errlen, "format conversion #%u name "
			    "expected before end of format string", convno);
			return -1;
		case 'h': case 'l': case 'L': case 'w':
			if (namelen < sizeof(name) - 2)
				name[namelen++] = c;
			continue;
		default:
			name[namelen++] = c;
			name[namelen] = '\0';
			break;
		}
		break;
	}

	if (lookup(name) == NULL) {
		seterr(err, errlen, "format conversion #%u is undefined: %%%s",
		    convno, name);
		return -1;
	}
	/* Every dictionary name is at most two modifiers and a character. */
	memcpy(pc->len, name, namelen - 1);
	pc->len[namelen - 1] = '\0';
	pc->conv = name[namelen - 1];
	*pp = p;
	return 0;
}

/* Parse fmt into out: pieces of literal text each followed by at most one
 * conversion; "%%" becomes a '%' in the literal text. Returns 0, or -1 with
 * DTrace's message in err and out left empty. Free out with dfmt_free(). */
int dfmt_parse(const char *fmt, dfmt *out, char *err, size_t errlen)
{
	struct buf b = { NULL, 0, 0 };
	const char *p = fmt ? fmt : "";
	unsigned convno = 0;
	int cap = 0;
	dfmt_piece pc;

	out->p = NULL;
	out->n = 0;
	out->nargs = 0;

	while (*p != '\0') {
		if (*p != '%') {
			if (buf_put(&b, *p++) < 0)
				goto nomem;
			continue;
		}
		convno++;
		p++;
		if (*p == '%') {
			if (buf_put(&b, '%') < 0)
				goto nomem;
			p++;
			continue;
		}
		if (parse_conv(&p, convno, &pc, err, errlen) < 0)
			goto fail;
		if (add_piece(out, &cap, &b, &pc) < 0)
			goto nomem;
		out->nargs += !pc.agg + pc.width_star + pc.prec_star;
	}
	if (b.len > 0) {
		memset(&pc, 0, sizeof(pc));
		pc.width = -1;
		pc.prec = -1;
		if (add_piece(out, &cap, &b, &pc) < 0)
			goto nomem;
	}
	free(b.s);
	return 0;

nomem:
	seterr(err, errlen, "failed to allocate memory for format string");
	free(b.s);
	dfmt_free(out);
	return DFMT_E_NOMEM;
fail:
	free(b.s);
	dfmt_free(out);
	return DFMT_E_SYNTAX;
}

int dfmt_parse_printa(const char *fmt, dfmt *out, char *err, size_t errlen)
{
	return dfmt_parse(fmt, out, err, errlen);
}

const char *dfmt_errtag(int rc)
{
	static const char *const tags[] = {
		"D_SYNTAX", "D_NOMEM", "D_PRINTF_FMT_EMPTY", "D_PRINTF_DYN_PROTO",
		"D_PRINTF_DYN_TYPE", "D_PRINTF_AGG_CONV", "D_PRINTF_ARG_PROTO",
		"D_PRINTF_ARG_TYPE", "D_PRINTF_ARG_EXTRA",
	};

	if (rc >= 0 || -rc > (int)(sizeof(tags) / sizeof(tags[0])))
		return "D_SYNTAX";
	return tags[-rc - 1];
}

/* ---- checking --------------------------------------------------------- */

/* The D name of a type as DTrace's messages print it. dtype keeps only
 * size and sign, so typedef names are lost: 64-bit integers are shown as
 * int64_t / uint64_t, the others by their C names. */
static const char *type_name(dtype t)
{
	static const char *const sname[] = { "char", "short", "int", "int64_t" };
	static const char *const uname[] = {
		"unsigned char", "unsigned short", "unsigned int", "uint64_t"
	};
	int k;

	switch (t.kind) {
	case DT_STRING:
		return "string";
	case DT_STACK:
		return "stack";
	case DT_FLOAT:
		return t.size == 4 ? "float" : t.size == 8 ? "double" : "long double";
	case DT_INT:
		k = t.size <= 1 ? 0 : t.size <= 2 ? 1 : t.size <= 4 ? 2 : 3;
		return t.sign ? sname[k] : uname[k];
	default:
		return "void";
	}
}

static bool check_arg(const struct conv *cv, dtype t)
{
	bool isint = t.kind == DT_INT;

	switch (cv->check) {
	case CK_XINT:
	case CK_ADDR:
		return isint;
	case CK_KADDR:
		return isint || (t.kind == DT_STACK && t.form == DFMT_FORM_KEY);
	case CK_STACK:
		return t.kind == DT_STACK && t.form == DFMT_FORM_KEY;
	case CK_CSI:
		return isint && t.size <= 4;
	case CK_STR:
		return t.kind == DT_STRING;
	case CK_TIME:
	case CK_XLONG:
		return isint && t.size == 8;
	case CK_SHORT:
		return isint && t.size == 2 && t.sign;
	case CK_USHORT:
		return isint && t.size == 2 && !t.sign;
	case CK_XSHORT:
		return isint && t.size == 2;
	case CK_INT:
		return isint && t.size == 4 && t.sign;
	case CK_LONG:
		return isint && t.size == 8 && t.sign;
	case CK_ULONG:
		return isint && t.size == 8 && !t.sign;
	case CK_FP:
		return t.kind == DT_FLOAT;
	case CK_LDOUBLE:
		return DTYPE_IS_LDOUBLE(t);
	default:	/* CK_WSTR: no such D type here */
		return false;
	}
}

/* Argument k's type as call's messages name it. */
static const char *arg_name(const dfmt_call *call, const dtype *args, int k)
{
	if (call->names != NULL && call->names[k] != NULL)
		return call->names[k];
	return type_name(args[k]);
}

/* The '*' arguments of conversion p (number convno, dictionary entry cv)
 * from *j on: present and integers, as dt_printf_validate() wants them
 * (the width's before the precision's). */
static int check_dyn(const dfmt_piece *p, const struct conv *cv, int convno,
    const dfmt_call *call, const dtype *args, int nargs, int *j,
    char *err, size_t errlen)
{
	const char *dyn[2];
	int ndyn = 0;

	if (p->width_star)
		dyn[ndyn++] = "*";
	if (p->prec_star)
		dyn[ndyn++] = ".*";
	for (int k = 0; k < ndyn; k++, (*j)++) {
		if (*j >= nargs) {
			seterr(err, errlen, "%s( ) prototype mismatch: "
			    "conversion #%d (%%%s) is missing a corresponding "
			    "\"%s\" argument", call->func, convno, cv->name,
			    dyn[k]);
			return DFMT_E_DYN_PROTO;
		}
		if (args[*j].kind != DT_INT) {
			seterr(err, errlen, "%s( ) argument #%d is "
			    "incompatible with conversion #%d prototype:\n"
			    "\tconversion: %% %s %s\n\t prototype: int\n"
			    "\t  argument: %s", call->func, *j + 2, convno,
			    dyn[k], cv->name, arg_name(call, args, *j));
			return DFMT_E_DYN_TYPE;
		}
	}
	return 0;
}

/* Check the nargs argument types (the format itself not included, so the
 * first of them is DTrace's "argument #2") against f, with the rules and
 * messages of dt_printf_validate(): per conversion its '*' arguments, %@
 * (printa only), the value; then, outside printa(), no argument left. */
int dfmt_check_call(const dfmt *f, const dfmt_call *call, const dtype *args, int nargs,
    char *err, size_t errlen)
{
	int j = 0, pct = 0, rc;

	if (f->n == 0) {
		seterr(err, errlen, "%s( ) format string is empty", call->func);
		return DFMT_E_EMPTY;
	}
	for (int i = 0; i < f->n; i++) {
		const dfmt_piece *p = &f->p[i];
		const struct conv *cv;
		const char *vname;
		char argno[32];
		dtype t;
		int convno;

		/* Each '%' in the literal text was a "%%", which DTrace
		 * counts as a conversion. */
		for (const char *s = p->lit; s && *s; s++)
			pct += *s == '%';
		if (p->conv == 0)
			continue;
		convno = i + 1 + pct;
		cv = piece_conv(p);
		if (cv == NULL) {
			seterr(err, errlen, "format conversion #%d is invalid",
			    convno);
			return DFMT_E_SYNTAX;
		}
		rc = check_dyn(p, cv, convno, call, args, nargs, &j, err, errlen);
		if (rc < 0)
			return rc;

		if (p->agg) {
			if (!call->printa) {
				seterr(err, errlen, "%%@ conversion requires an "
				    "aggregation and is not for use with %s( )",
				    call->func);
				return DFMT_E_AGG_CONV;
			}
			t = call->aggval;
			vname = "aggregating action";
		} else if (j >= nargs) {
			seterr(err, errlen, "%s( ) prototype mismatch: "
			    "conversion #%d (%%%s) is missing a corresponding "
			    "value argument", call->func, convno, cv->name);
			return DFMT_E_ARG_PROTO;
		} else {
			snprintf(argno, sizeof(argno), "argument #%d", j + 2);
			t = args[j];
			vname = argno;
		}
		if (!check_arg(cv, t)) {
			seterr(err, errlen, "%s( ) %s is incompatible with "
			    "conversion #%d prototype:\n\tconversion: %%%s\n"
			    "\t prototype: %s\n\t  argument: %s", call->func,
			    vname, convno, cv->name, cv->proto,
			    p->agg ? type_name(t) : arg_name(call, args, j));
			return DFMT_E_ARG_TYPE;
		}
		j += !p->agg;
	}
	if (!call->printa && j < nargs) {
		seterr(err, errlen, "%s( ) prototype mismatch: only %d "
		    "arguments required by this format string", call->func, j);
		return DFMT_E_ARG_EXTRA;
	}
	return 0;
}

int dfmt_check(const dfmt *f, const dtype *args, int nargs, char *err, size_t errlen)
{
	const dfmt_call call = { "printf", 0, DTYPE_INT(8, 1), NULL };

	return dfmt_check_call(f, &call, args, nargs, err, errlen);
}

/* ---- printing --------------------------------------------------------- */

/* v cut to size bytes and sign-extended. */
static int64_t sext(uint64_t v, unsigned size)
{
	switch (size) {
	case 1: return (int8_t)v;
	case 2: return (int16_t)v;
	case 3: case 4: return (int32_t)v;
	default: return (int64_t)v;
	}
}

/* v cut to size bytes. */
static uint64_t zext(uint64_t v, unsigned size)
{
	switch (size) {
	case 1: return (uint8_t)v;
	case 2: return (uint16_t)v;
	case 3: case 4: return (uint32_t)v;
	default: return v;
	}
}

static int clamp(int64_t v, int64_t lo, int64_t hi)
{
	return (int)(v < lo ? lo : v > hi ? hi : v);
}

/* Field layout of one conversion once '*' arguments are known. */
struct field {
	const char *flags;
	bool left;
	int width;	/* 0 when none */
	int prec;	/* -1 when none */
};

static bool hasflag(const struct field *fd, char c)
{
	return strchr(fd->flags, c) != NULL;
}

static void pad(FILE *out, int n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		int k = n < (int)sizeof(spaces) - 1 ? n : (int)sizeof(spaces) - 1;

		fwrite(spaces, 1, (size_t)k, out);
		n -= k;
	}
}

/* %s of the first n bytes of s: precision cuts, width pads with spaces
 * (glibc pads strings with spaces whatever the '0' flag says). */
static void put_str(FILE *out, const struct field *fd, const char *s, size_t n)
{
	size_t len = n;

	if (fd->prec >= 0 && (size_t)fd->prec < len)
		len = (size_t)fd->prec;
	if (!fd->left && fd->width > 0 && (size_t)fd->width > len)
		pad(out, fd->width - (int)len);
	fwrite(s, 1, len, out);
	if (fd->left && fd->width > 0 && (size_t)fd->width > len)
		pad(out, fd->width - (int)len);
}

/* The C-source escape of c into e (at most 4 bytes), as libdtrace's
 * strchr2esc() writes it; returns its length. */
static size_t esc_char(char c, char e[4])
{
	static const char from[] = "\a\b\f\n\r\t\v\"\\";
	static const char to[] = "abfnrtv\"\\";
	const char *k;

	if (c == '\0') {
		e[0] = '\\';
		e[1] = '0';
		return 2;
	}
	if ((k = strchr(from, c)) != NULL) {
		e[0] = '\\';
		e[1] = to[k - from];
		return 2;
	}
	if (c == ' ' || (c >= '!' && c <= '~')) {
		e[0] = c;
		return 1;
	}
	e[0] = '\\';
	e[1] = (char)('0' + (((unsigned char)c >> 6) & 3));
	e[2] = (char)('0' + (((unsigned char)c >> 3) & 7));
	e[3] = (char)('0' + ((unsigned char)c & 7));
	return 4;
}

/* Escape the n bytes at s (stopping after a NUL, which shows as \0) and
 * print them as %s would, without allocating. */
static void put_esc(FILE *out, const struct field *fd, const char *s, size_t n)
{
	size_t len = 0, lim, done = 0;
	char e[4];

	for (size_t i = 0; i < n; i++) {
		len += esc_char(s[i], e);
		if (s[i] == '\0')
			break;
	}
	lim = len;
	if (fd->prec >= 0 && (size_t)fd->prec < lim)
		lim = (size_t)fd->prec;
	if (!fd->left && fd->width > 0 && (size_t)fd->width > lim)
		pad(out, fd->width - (int)lim);
	for (size_t i = 0; i < n && done < lim; i++) {
		size_t k = esc_char(s[i], e);

		if (k > lim - done)
			k = lim - done;
		fwrite(e, 1, k, out);
		done += k;
		if (s[i] == '\0')
			break;
	}
	if (fd->left && fd->width > 0 && (size_t)fd->width > lim)
		pad(out, fd->width - (int)lim);
}

/* The formats given to libc below are built here from fixed characters,
 * never copied from the D program. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* An integer through libc, with a format built here from the fixed set of
 * flags that C defines for conv ('d', 'i', 'o', 'u', 'x' or 'X'). */
static void put_int(FILE *out, const struct field *fd, char conv, bool wide,
    uint64_t u)
{
	char fmt[16], *f = fmt;
	bool sgn = conv == 'd' || conv == 'i';
	bool prec = fd->prec >= 0;

	*f++ = '%';
	if (fd->left)
		*f++ = '-';
	if (sgn && hasflag(fd, '+'))
		*f++ = '+';
	if (sgn && hasflag(fd, ' '))
		*f++ = ' ';
	if (!sgn && conv != 'u' && hasflag(fd, '#'))
		*f++ = '#';
	if (hasflag(fd, '0'))
		*f++ = '0';
	*f++ = '*';
	if (prec) {
		*f++ = '.';
		*f++ = '*';
	}
	if (wide) {
		*f++ = 'l';
		*f++ = 'l';
	}
	*f++ = conv;
	*f = '\0';

	if (sgn && wide) {
		long long v = (long long)(int64_t)u;

		if (prec)
			fprintf(out, fmt, fd->width, fd->prec, v);
		else
			fprintf(out, fmt, fd->width, v);
	} else if (sgn) {
		int v = (int)(int32_t)u;

		if (prec)
			fprintf(out, fmt, fd->width, fd->prec, v);
		else
			fprintf(out, fmt, fd->width, v);
	} else if (wide) {
		unsigned long long v = u;

		if (prec)
			fprintf(out, fmt, fd->width, fd->prec, v);
		else
			fprintf(out, fmt, fd->width, v);
	} else {
		unsigned v = (unsigned)(uint32_t)u;

		if (prec)
			fprintf(out, fmt, fd->width, fd->prec, v);
		else
			fprintf(out, fmt, fd->width, v);
	}
}

/* A floating-point value of size bytes (4, 8 or 16: its bytes in v->i, or
 * for a long double at v->s) through libc, with the flags, width and
 * precision dt_printf_format() gives it: a float is printed as a double. */
static void put_fp(FILE *out, const struct field *fd, char conv, unsigned size,
    const dfmt_val *v)
{
	char fmt[16], *f = fmt;
	bool prec = fd->prec >= 0;

	*f++ = '%';
	if (hasflag(fd, '#'))
		*f++ = '#';
	if (hasflag(fd, '0'))
		*f++ = '0';
	if (fd->left)
		*f++ = '-';
	if (hasflag(fd, '+'))
		*f++ = '+';
	if (hasflag(fd, ' '))
		*f++ = ' ';
	*f++ = '*';
	if (prec) {
		*f++ = '.';
		*f++ = '*';
	}
	if (size == 16)
		*f++ = 'L';
	*f++ = conv;
	*f = '\0';

	if (size == 16) {
		long double x = 0;

		if (v->s != NULL)
			memcpy(&x, v->s, sizeof(x));
		if (prec)
			fprintf(out, fmt, fd->width, fd->prec, x);
		else
			fprintf(out, fmt, fd->width, x);
		return;
	}

	double x;

	if (size == 4) {
		uint32_t b = (uint32_t)v->i;
		float fl;

		memcpy(&fl, &b, sizeof(fl));
		x = fl;
	} else {
		memcpy(&x, &v->i, sizeof(x));
	}
	if (prec)
		fprintf(out, fmt, fd->width, fd->prec, x);
	else
		fprintf(out, fmt, fd->width, x);
}

/* A nanosecond time as strftime() shows it in local time ("" if the time
 * cannot be represented). */
static void put_time(FILE *out, const struct field *fd, uint64_t ns,
    const char *tfmt)
{
	/* DTrace divides a signed hrtime_t. */
	time_t sec = (time_t)((int64_t)ns / 1000000000);
	struct tm tm;
	char buf[128];
	size_t n = 0;

	if (localtime_r(&sec, &tm) != NULL)
		n = strftime(buf, sizeof(buf), tfmt, &tm);
	put_str(out, fd, buf, n);
}

#pragma GCC diagnostic pop

/* The '*' argument at k as an int, as dt_printf_getint() reads it, but
 * saturated rather than truncated to int. */
static int star_arg(const dtype *args, const dfmt_val *vals, int k)
{
	dtype t = args ? args[k] : DTYPE_INT(8, 1);

	if (t.kind == DT_INT && !t.sign && t.size >= 8 && vals[k].i > INT64_MAX)
		return DFMT_MAXDIGITS;
	if (t.kind == DT_INT && !t.sign)
		return clamp((int64_t)zext(vals[k].i, t.size), -DFMT_MAXDIGITS,
		    DFMT_MAXDIGITS);
	return clamp(sext(vals[k].i, t.size), -DFMT_MAXDIGITS, DFMT_MAXDIGITS);
}

/* Print one conversion of value v, of type t. */
static void put_conv(FILE *out, const struct conv *cv, struct field *fd,
    dtype t, const dfmt_val *v)
{
	unsigned size = t.kind == DT_INT && t.size > 0 ? t.size : 8;
	bool wide = size > 4;
	char buf[64];
	const char *s;

	switch (cv->print) {
	case PR_SINT:
		put_int(out, fd, cv->ofmt, wide, (uint64_t)sext(v->i, size));
		break;
	case PR_UINT:
		put_int(out, fd, cv->ofmt, wide, zext(v->i, size));
		break;
	case PR_DINT:
		if (t.kind == DT_INT && !t.sign)
			put_int(out, fd, 'u', wide, zext(v->i, size));
		else
			put_int(out, fd, cv->ofmt, wide, (uint64_t)sext(v->i, size));
		break;
	case PR_CHAR:
		buf[0] = (char)v->i;
		fd->prec = -1;
		put_str(out, fd, buf, 1);
		break;
	case PR_WCHAR: {
		/* Through snprintf, so that a character the locale cannot
		 * encode leaves out nothing worse than itself. */
		int n = snprintf(buf, sizeof(buf), "%lc",
		    (wint_t)(int32_t)v->i);

		fd->prec = -1;
		put_str(out, fd, buf, n > 0 ? (size_t)n : 0);
		break;
	}
	case PR_ECHR:
		buf[0] = (char)v->i;
		put_esc(out, fd, buf, 1);
		break;
	case PR_ADDR:
		/* No symbols yet: DTrace's form for an unknown address. */
		snprintf(buf, sizeof(buf), "0x%llx",
		    (unsigned long long)zext(v->i, size));
		put_str(out, fd, buf, strlen(buf));
		break;
	case PR_FP:
		put_fp(out, fd, cv->ofmt, t.kind == DT_FLOAT ? t.size : 8, v);
		break;
	case PR_TIME:
		/* ctime()'s fields reordered as "2003 Sep  3 10:23:41" */
		put_time(out, fd, v->i, "%Y %b %e %T");
		break;
	case PR_TIME822:
		/* DTrace's RFC 822 form; it prints the ISO 8601 week-based
		 * year (%G), and so does dtr. */
		put_time(out, fd, v->i, "%a, %d %b %G %T %Z");
		break;
	case PR_CSTR:
		s = v->s ? v->s : "(null)";
		put_str(out, fd, s, strlen(s));
		break;
	case PR_ESTR:
		/* The terminating NUL is escaped too: DTrace escapes the
		 * whole string record and so prints "\0" at its end. */
		s = v->s ? v->s : "(null)";
		put_esc(out, fd, s, strlen(s) + 1);
		break;
	default:	/* PR_NONE: rejected by dfmt_check */
		break;
	}
}

/* Print f with the nvals recorded values vals, of types args (args may be
 * NULL: then all are signed 64-bit). Safe for any values, including ones
 * that dfmt_check() would not have accepted: a conversion without a value
 * prints nothing, a NULL string prints "(null)", widths and numeric
 * precisions are clamped to DFMT_MAXWIDTH. */
void dfmt_print(FILE *out, const dfmt *f, const dtype *args, const dfmt_val *vals, int nvals)
{
	int k = 0;

	for (int i = 0; i < f->n; i++) {
		const dfmt_piece *p = &f->p[i];
		const struct conv *cv;
		struct field fd;

		if (p->lit)
			fputs(p->lit, out);
		if (p->conv == 0 || (cv = piece_conv(p)) == NULL)
			continue;

		fd.flags = p->flags;
		fd.left = hasflag(&fd, '-');
		fd.width = clamp(p->width, 0, DFMT_MAXWIDTH);
		/* dt_printf_format() passes a precision on only when it is
		 * above zero: "%.0s" prints the whole string, "%.0d" a 0. */
		fd.prec = p->prec > 0 ? p->prec : -1;
		if (p->width_star && k < nvals) {
			int w = star_arg(args, vals, k++);

			if (w < 0) {
				fd.left = true;
				w = -w;
			}
			fd.width = w < DFMT_MAXWIDTH ? w : DFMT_MAXWIDTH;
		}
		if (p->prec_star && k < nvals) {
			int pr = star_arg(args, vals, k++);

			fd.prec = pr > 0 ? pr : -1;
		}
		/* Strings are only cut by a precision; numbers grow by it. */
		if (cv->print != PR_CSTR && cv->print != PR_ESTR &&
		    cv->print != PR_ADDR && cv->print != PR_TIME &&
		    cv->print != PR_TIME822 && fd.prec > DFMT_MAXWIDTH)
			fd.prec = DFMT_MAXWIDTH;
		if (k >= nvals)
			continue;
		put_conv(out, cv, &fd, args ? args[k] : DTYPE_INT(8, 1),
		    &vals[k]);
		k++;
	}
}

/* Release what dfmt_parse() allocated; f is left empty (safe to repeat). */
void dfmt_free(dfmt *f)
{
	for (int i = 0; i < f->n; i++)
		free(f->p[i].lit);
	free(f->p);
	f->p = NULL;
	f->n = 0;
	f->nargs = 0;
}
