/* Options as -x name=value, #pragma D option and setopt() set them: a table
 * of DTrace's option names, the kind of value each takes (flag, size with
 * k/m/g/t suffix, rate with hz/ns/.../day, count, a word from a list), when
 * it may be set (compile time, before tracing, at any time) and where dtr
 * keeps it. Options dtr accepts but cannot use say so in the table. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "runtime/aggprint.h"
#include "runtime/rt.h"

enum {
	O_FLAG,     /* none, yes/no words, or a number */
	O_SIZE,     /* bytes, k/m/g/t suffix */
	O_RATE,     /* a time or a frequency, stored as ns */
	O_COUNT,    /* a non-negative number */
	O_WORDS,    /* one of the words in .words, stored as its index + 1 */
	O_STRING,   /* any value (paths, macro definitions) */
	O_VERSION,  /* a D language version dtr's compiler accepts */
};

/* When an option may change: before compiling only (CT: its effect is on
 * the compiler), until tracing starts (RT), or at any time (DRT, setopt()). */
enum { CT, RT, DRT };

#define NOPRAGMA 1  /* only from the command line: it acts before the program is read */
#define IGNORED 2   /* accepted and checked; dtr has no use for the value */

typedef struct optdef {
	const char *name;
	int kind, when, flags;
	size_t off;
	int width;          /* bytes of the field, 0: not stored */
	uint64_t min;       /* smallest value accepted (sizes, counts) */
	const char *words;  /* O_WORDS: the values, '|' between */
} optdef;

#define F(n, k, w, fl, field, mn) { n, k, w, fl, offsetof(rt_opts, field), sizeof(((rt_opts *)0)->field), mn, NULL }
#define W(n, w, fl, field, list) { n, O_WORDS, w, fl, offsetof(rt_opts, field), sizeof(((rt_opts *)0)->field), 0, list }
#define X(n, k, w, fl) { n, k, w, (fl) | IGNORED, 0, 0, 0, NULL }
#define XW(n, w, fl, list) { n, O_WORDS, w, (fl) | IGNORED, 0, 0, 0, list }

static const optdef table[] = {
	/* compile-time options */
	F("argref", O_FLAG, CT, 0, argref, 0),
	F("cpp", O_FLAG, CT, 0, cpp, 0),
	F("define", O_STRING, CT, NOPRAGMA, cppdefs, 0),
	F("undef", O_STRING, CT, NOPRAGMA, cppdefs, 0),
	F("incdir", O_STRING, CT, NOPRAGMA, cppdefs, 0),
	F("defaultargs", O_FLAG, CT, 0, defaultargs, 0),
	F("droptags", O_FLAG, CT, 0, droptags, 0),
	F("empty", O_FLAG, CT, 0, empty, 0),
	F("encoding", O_WORDS, CT, 0, encoding, 0),
	F("errtags", O_FLAG, CT, 0, errtags, 0),
	F("zdefs", O_FLAG, CT, 0, zdefs, 0),
	F("version", O_VERSION, CT, 0, version, 0),
	W("stdc", CT, 0, stdc, "a|c|s|t"),
	/* compiler and linker settings of DTrace's BPF and CTF machinery:
	 * dtr compiles to its own bytecode and reads no CTF */
	X("cpphdrs", O_FLAG, CT, NOPRAGMA), X("cpppath", O_STRING, CT, NOPRAGMA),
	X("ctypes", O_STRING, CT, NOPRAGMA), X("dtypes", O_STRING, CT, NOPRAGMA),
	X("ctfpath", O_STRING, CT, NOPRAGMA), X("debug", O_FLAG, CT, 0),
	X("ldpath", O_STRING, CT, NOPRAGMA), X("modpath", O_STRING, CT, NOPRAGMA),
	X("libdir", O_STRING, CT, NOPRAGMA), X("syslibdir", O_STRING, CT, NOPRAGMA),
	XW("linkmode", CT, 0, "kernel|primary|dynamic|static"), XW("linktype", CT, 0, "elf|dof"),
	X("knodefs", O_FLAG, CT, 0), X("kdefs", O_FLAG, CT, 0), X("unodefs", O_FLAG, CT, 0),
	X("udefs", O_FLAG, CT, 0), X("nolibs", O_FLAG, CT, 0), X("pspec", O_FLAG, CT, 0),
	X("strip", O_FLAG, CT, 0), X("verbose", O_FLAG, CT, 0), X("lazyload", O_FLAG, CT, 0),
	XW("late", CT, 0, "dynamic|static"), XW("evaltime", CT, 0, "exec|preinit|postinit|main"),
	X("iregs", O_COUNT, CT, 0), X("tregs", O_COUNT, CT, 0), X("tree", O_COUNT, CT, 0),
	X("pgmax", O_COUNT, CT, 0), X("amin", O_STRING, CT, 0), X("core", O_STRING, CT, 0),
	X("bpflog", O_FLAG, CT, 0), X("bpflogsize", O_SIZE, CT, 0),
	X("setenv", O_STRING, CT, NOPRAGMA), X("unsetenv", O_STRING, CT, NOPRAGMA),
	X("aggpercpu", O_FLAG, CT, 0), X("disasm", O_COUNT, CT, 0), /* dtr -S shows its bytecode */
	X("cppargs", O_STRING, CT, NOPRAGMA),
	/* run-time options: fixed once tracing starts */
	F("strsize", O_SIZE, RT, 0, strsize, 2),
	F("bufsize", O_SIZE, RT, 0, bufsize, 0),
	F("aggsize", O_SIZE, RT, 0, aggsize, 0),
	F("dynvarsize", O_SIZE, RT, 0, dynvarsize, 0),
	F("nspec", O_COUNT, RT, 0, nspec, 0),
	F("specsize", O_SIZE, RT, 0, specsize, 0),
	F("destructive", O_FLAG, RT, 0, destructive, 0),
	F("scratchsize", O_SIZE, RT, 0, scratchsize, 0),
	F("maxframes", O_COUNT, RT, 0, maxframes, 1),
	F("stackframes", O_COUNT, RT, 0, stackframes, 1),
	F("ustackframes", O_COUNT, RT, 0, ustackframes, 1),
	W("bufpolicy", RT, 0, bufpolicy, "ring|fill|switch"),
	XW("bufresize", RT, 0, "auto|manual"),
	X("cleanrate", O_RATE, RT, 0), X("statusrate", O_RATE, RT, 0),
	X("cpu", O_COUNT, RT, 0), X("grabanon", O_FLAG, RT, 0),
	X("jstackframes", O_COUNT, RT, 0), X("jstackstrsize", O_SIZE, RT, 0),
	X("temporal", O_FLAG, RT, 0), X("noresolve", O_FLAG, RT, 0),
	X("lockmem", O_SIZE, RT, 0), X("pcapsize", O_SIZE, RT, 0),
	/* dynamic run-time options: setopt() may change them while tracing */
	F("quiet", O_FLAG, DRT, 0, quiet, 0),
	F("flowindent", O_FLAG, DRT, 0, flowindent, 0),
	F("switchrate", O_RATE, DRT, 0, switchrate, 0),
	F("aggsortkey", O_FLAG, DRT, 0, aggsortkey, 0),
	F("aggsortkeypos", O_COUNT, DRT, 0, aggsortkeypos, 0),
	F("aggsortpos", O_COUNT, DRT, 0, aggsortpos, 0),
	F("aggsortrev", O_FLAG, DRT, 0, aggsortrev, 0),
	F("aggzoom", O_FLAG, DRT, 0, aggzoom, 0),
	F("aggpack", O_FLAG, DRT, 0, aggpack, 0),
	F("rawbytes", O_FLAG, DRT, 0, rawbytes, 0),
	F("foldstacks", O_FLAG, DRT, 0, foldstacks, 0),
	F("aggrate", O_RATE, DRT, 0, aggrate, 0), X("agghist", O_FLAG, DRT, 0),
	F("printsize", O_SIZE, DRT, 0, printsize, 0),
	X("stackindent", O_COUNT, DRT, 0),
};
#undef F
#undef W
#undef X
#undef XW

static const char *const enc_words = "ascii|utf8";

void rt_opts_default(rt_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->strsize = 256;
	o->bufsize = 8u << 20;
	o->aggsize = 4u << 20;
	o->dynvarsize = 1u << 20;
	o->nspec = 1;
	o->specsize = 32u << 10;
	o->switchrate = 50000000; /* 20 Hz: output appears promptly */
	o->scratchsize = 16384;    /* the alloca() room of a clause's scratch space */
	o->stackframes = 20;       /* DTrace's defaults */
	o->ustackframes = 100;
	o->maxframes = 127;
	o->printsize = UINT64_MAX; /* unset: print() shows whole objects */
}

/* dt_optval_parse: digits, then at most one of k, m, g, t (any case) as
 * the last character; the value must fit a signed 64-bit number. */
static int parse_size(const char *v, uint64_t *out)
{
	size_t len = strlen(v);
	unsigned shift = 0;
	char *end;

	if (!len)
		return -1;
	switch (tolower((unsigned char)v[len - 1])) {
	case 't': shift = 40; break;
	case 'g': shift = 30; break;
	case 'm': shift = 20; break;
	case 'k': shift = 10; break;
	}
	errno = 0;
	unsigned long long n = strtoull(v, &end, 0);
	if (end == v || errno || *v == '-' || end != v + len - (shift ? 1 : 0))
		return -1;
	if (shift && n > (UINT64_MAX >> 1) >> shift)
		return -1;
	n <<= shift;
	if (n > INT64_MAX)
		return -1;
	*out = n;
	return 0;
}

static int parse_rate(const char *v, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 0);
	static const struct { const char *u; uint64_t ns; } units[] = {
		{ "", 0 }, { "hz", 0 }, { "ns", 1 }, { "nsec", 1 }, { "us", 1000 },
		{ "usec", 1000 }, { "ms", 1000000 }, { "msec", 1000000 },
		{ "s", 1000000000ULL }, { "sec", 1000000000ULL }, { "m", 60000000000ULL },
		{ "min", 60000000000ULL }, { "h", 3600000000000ULL }, { "hour", 3600000000000ULL },
		{ "d", 86400000000000ULL }, { "day", 86400000000000ULL },
	};

	if (end == v || errno || *v == '-')
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcasecmp(end, units[i].u)) {
			if (!units[i].ns) /* a frequency: per second */
				*out = n ? 1000000000ULL / n : 0;
			else
				*out = n * units[i].ns;
			return 0;
		}
	return -1;
}

/* dt_opt_runtime: no value is 1; "" and the negative words unset it. */
static int parse_flag(const char *v, uint64_t *out)
{
	static const char *const words[][2] = {
		{ "yes", "no" }, { "enable", "disable" }, { "enabled", "disabled" },
		{ "true", "false" }, { "on", "off" }, { "set", "unset" },
	};
	char *end;

	if (!v) {
		*out = 1;
		return 0;
	}
	if (!*v) {
		*out = 0;
		return 0;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(v, words[i][0]) || !strcasecmp(v, words[i][1])) {
			*out = !strcasecmp(v, words[i][0]);
			return 0;
		}
	errno = 0;
	unsigned long long n = strtoull(v, &end, 0);
	if (*end || errno || *v == '-')
		return -1;
	*out = n;
	return 0;
}

/* Index + 1 of v among the '|'-separated words, or 0. */
static uint64_t word_index(const char *words, const char *v)
{
	size_t len = strlen(v);
	uint64_t i = 1;

	for (const char *w = words; *w; i++) {
		size_t wl = strcspn(w, "|");
		if (wl == len && !strncmp(w, v, len))
			return i;
		w += wl + (w[wl] == '|');
	}
	return 0;
}

/* The D versions DTrace's compilers have defined (dt_version.c). */
static int version_known(const char *v)
{
	static const char *const known[] = {
		"1.0", "1.1", "1.2", "1.2.1", "1.2.2", "1.3", "1.4", "1.4.1", "1.5", "1.6",
		"1.6.1", "1.6.2", "1.6.3", "1.6.4", "2.0", "2.0.1", "2.0.2",
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(v, known[i]))
			return 1;
	return 0;
}

static int parse_value(const optdef *d, const char *value, uint64_t *v, const char **why)
{
	int bad = 0;

	*v = 1;
	switch (d->kind) {
	case O_FLAG:
		bad = parse_flag(value, v) < 0;
		break;
	case O_SIZE: case O_COUNT:
		bad = !value || parse_size(value, v) < 0 || *v < d->min;
		break;
	case O_RATE:
		bad = !value || parse_rate(value, v) < 0;
		break;
	case O_WORDS:
		bad = !value || !(*v = word_index(d->words ? d->words : enc_words, value));
		break;
	case O_STRING:
		bad = !value;
		break;
	case O_VERSION:
		if (!value) {
			bad = 1;
		} else if (!version_known(value)) {
			*why = strspn(value, "0123456789.") == strlen(value) && isdigit((unsigned char)*value)
				? "Requested version is not supported by compiler" : "Invalid version string";
			return -1;
		}
		break;
	}
	if (bad)
		*why = "Invalid value for specified option";
	return bad ? -1 : 0;
}

static void store(rt_opts *o, const optdef *d, const char *value, uint64_t v)
{
	char *f = (char *)o + d->off;

	if (!d->width)
		return;
	if (d->kind == O_STRING) {
		/* -x define=, undef=, incdir=: handed to cpp as -D, -U, -I */
		char *arg = malloc(strlen(value) + 3);
		if (arg && o->ncppdefs < RT_MAX_CPPDEFS) {
			sprintf(arg, "-%c%s", d->name[0] == 'd' ? 'D' : d->name[0] == 'u' ? 'U' : 'I', value);
			o->cppdefs[o->ncppdefs++] = arg;
		} else {
			free(arg);
		}
		return;
	}
	if (d->width == 4)
		*(uint32_t *)f = (uint32_t)v;
	else
		*(uint64_t *)f = v;
}

int rt_opt_apply(rt_opts *o, const char *name, const char *value, int ctx, const char **why)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const optdef *d = &table[i];
		uint64_t v;

		if (strcmp(d->name, name))
			continue;
		if (ctx != RT_OPT_CMDLINE && (d->flags & NOPRAGMA)) {
			*why = "Option cannot be used from within a D program";
			return -1;
		}
		if (parse_value(d, value, &v, why) < 0)
			return -1;
		if (ctx == RT_OPT_ACTIVE && d->when == RT) {
			*why = "Operation illegal when tracing is active";
			return -1;
		}
		if (ctx == RT_OPT_ACTIVE && d->when == CT)
			return 0; /* the program is compiled: nothing left to change */
		store(o, d, value, v);
		return 0;
	}
	*why = "Invalid option name";
	return -1;
}

int rt_opt_set(rt_opts *o, const char *name, const char *value, char *err, size_t errlen)
{
	const char *why = NULL;

	if (rt_opt_apply(o, name, value, RT_OPT_PRAGMA, &why) < 0) {
		snprintf(err, errlen, "failed to set option '%s' to '%s': %s", name, value ? value : "", why);
		return -1;
	}
	return 0;
}

void rt_opts_fini(rt_opts *o)
{
	for (int i = 0; i < o->ncppdefs; i++)
		free(o->cppdefs[i]);
	o->ncppdefs = 0;
}
