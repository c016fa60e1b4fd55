/* printf-style format strings as D defines them: parsed once at compile
 * time (and checked against the argument types), then applied by the
 * consumer to each recorded firing. */
#ifndef DC_DFMT_H
#define DC_DFMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dc/dtype.h"

/* One piece of a format: literal text followed by at most one conversion. */
typedef struct dfmt_piece {
	char *lit;          /* literal text, escapes already resolved by the lexer; %% made % */
	char conv;          /* conversion character, 0 for literal only */
	char flags[6];      /* subset of "-+ #0", NUL-terminated */
	int width;          /* -1 when absent */
	int prec;           /* -1 when absent */
	uint8_t width_star; /* width taken from an argument */
	uint8_t prec_star;  /* precision taken from an argument */
	char len[3];        /* length modifier: "", "h", "hh", "l", "ll", "L" ... */
	uint8_t agg;        /* printa's %@: the aggregation's value, no argument */
} dfmt_piece;

typedef struct dfmt {
	dfmt_piece *p;
	int n;
	int nargs;          /* arguments consumed, including * widths */
} dfmt;

/* Parse fmt. Returns 0, or -1 with a DTrace-style message in err. */
int dfmt_parse(const char *fmt, dfmt *out, char *err, size_t errlen);
/* Parse a printa() format, where %@ conversions print the aggregation's
 * value (they consume no argument; the others take the keys in order). */
int dfmt_parse_printa(const char *fmt, dfmt *out, char *err, size_t errlen);

/* Check argument types against the parsed format. Returns 0, or -1 with a
 * message such as DTrace's "printf( ) argument #2 is incompatible with
 * conversion #1 prototype:\n\tconversion: %d\n\t prototype: int\n\t  argument: string". */
int dfmt_check(const dfmt *f, const dtype *args, int nargs, char *err, size_t errlen);

/* A recorded argument: integers in i, strings in s. */
typedef struct dfmt_val {
	uint64_t i;
	const char *s;
} dfmt_val;

/* Format with recorded values whose types are args (as checked). Writes to out. */
void dfmt_print(FILE *out, const dfmt *f, const dtype *args, const dfmt_val *vals, int nvals);

void dfmt_free(dfmt *f);

#endif
