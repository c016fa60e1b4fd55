/* Options as -x name=value and #pragma D option set them: a table of names,
 * value kinds (flag, size with k/m/g suffix, rate with hz/ns/us/ms/s, count,
 * encoding ascii|utf8) and where each is stored. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/aggprint.h"
#include "runtime/rt.h"

enum { O_FLAG, O_SIZE, O_RATE, O_COUNT, O_ENCODING, O_IGNORED };

static const struct {
	const char *name;
	int kind;
	size_t off;
	int width; /* bytes of the field */
} table[] = {
#define F(name, kind, field) { name, kind, offsetof(rt_opts, field), sizeof(((rt_opts *)0)->field) }
	F("quiet", O_FLAG, quiet),
	F("flowindent", O_FLAG, flowindent),
	F("strsize", O_SIZE, strsize),
	F("bufsize", O_SIZE, bufsize),
	F("aggsize", O_SIZE, aggsize),
	F("dynvarsize", O_SIZE, dynvarsize),
	F("nspec", O_COUNT, nspec),
	F("specsize", O_SIZE, specsize),
	F("switchrate", O_RATE, switchrate),
	F("errtags", O_FLAG, errtags),
	F("zdefs", O_FLAG, zdefs),
	F("destructive", O_FLAG, destructive),
	F("aggsortkey", O_FLAG, aggsortkey),
	F("aggsortkeypos", O_COUNT, aggsortkeypos),
	F("aggsortpos", O_COUNT, aggsortpos),
	F("aggsortrev", O_FLAG, aggsortrev),
	F("foldstacks", O_FLAG, foldstacks),
	F("defaultargs", O_FLAG, defaultargs),
	F("aggzoom", O_FLAG, aggzoom),
	F("rawbytes", O_FLAG, rawbytes),
	F("aggpack", O_FLAG, aggpack),
	F("encoding", O_ENCODING, encoding),
#undef F
	/* accepted for DTrace scripts' sake; dtr has no use for them yet */
	{ "aggrate", O_IGNORED, 0, 0 }, { "statusrate", O_IGNORED, 0, 0 },
	{ "cleanrate", O_IGNORED, 0, 0 },
	{ "bufpolicy", O_IGNORED, 0, 0 }, { "bufresize", O_IGNORED, 0, 0 },
	{ "rawbytes", O_IGNORED, 0, 0 },
	{ "stackframes", O_IGNORED, 0, 0 }, { "ustackframes", O_IGNORED, 0, 0 },
	{ "maxframes", O_IGNORED, 0, 0 },
};

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
}

static int parse_size(const char *v, uint64_t *out)
{
	char *end;
	unsigned long long n = strtoull(v, &end, 0);

	switch (tolower((unsigned char)*end)) {
	case 'k': n <<= 10; end++; break;
	case 'm': n <<= 20; end++; break;
	case 'g': n <<= 30; end++; break;
	case 't': n <<= 40; end++; break;
	}
	if (end == v || *end)
		return -1;
	*out = n;
	return 0;
}

static int parse_rate(const char *v, uint64_t *out)
{
	char *end;
	unsigned long long n = strtoull(v, &end, 0);
	static const struct { const char *u; uint64_t ns; int hz; } units[] = {
		{ "", 0, 1 }, { "hz", 0, 1 }, { "ns", 1, 0 }, { "nsec", 1, 0 }, { "us", 1000, 0 },
		{ "usec", 1000, 0 }, { "ms", 1000000, 0 }, { "msec", 1000000, 0 },
		{ "s", 1000000000, 0 }, { "sec", 1000000000, 0 },
	};

	if (end == v)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].u)) {
			if (units[i].hz) {
				if (n == 0)
					return -1;
				*out = 1000000000ULL / n;
			} else {
				*out = n * units[i].ns;
			}
			return 0;
		}
	return -1;
}

int rt_opt_set(rt_opts *o, const char *name, const char *value, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strcmp(table[i].name, name))
			continue;
		uint64_t v = 1;
		int bad = 0;
		switch (table[i].kind) {
		case O_IGNORED:
			return 0;
		case O_FLAG:
			if (value && strcmp(value, "1") && strcmp(value, "0"))
				bad = 1;
			else if (value)
				v = (uint64_t)atoi(value);
			break;
		case O_SIZE:
			bad = !value || parse_size(value, &v) < 0;
			break;
		case O_RATE:
			bad = !value || parse_rate(value, &v) < 0;
			break;
		case O_COUNT:
			bad = !value || parse_size(value, &v) < 0;
			break;
		case O_ENCODING: /* dt_opt_encoding: ascii or utf8 */
			bad = !value || (strcmp(value, "ascii") && strcmp(value, "utf8"));
			v = !bad && !strcmp(value, "utf8") ? RT_ENC_UTF8 : RT_ENC_ASCII;
			break;
		}
		if (bad) {
			snprintf(err, errlen, "failed to set option '%s' to '%s': "
				 "Invalid value for specified option", name, value ? value : "");
			return -1;
		}
		char *f = (char *)o + table[i].off;
		if (table[i].width == 4)
			*(uint32_t *)f = (uint32_t)v;
		else
			*(uint64_t *)f = v;
		return 0;
	}
	snprintf(err, errlen, "failed to set option '%s': Invalid option name", name);
	return -1;
}
