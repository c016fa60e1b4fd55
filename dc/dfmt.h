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

/* Why a format was refused: the DTrace tag of each failure. Parsing fails
 * with DFMT_E_SYNTAX (or DFMT_E_NOMEM), checking with the others. */
enum dfmt_errcode {
	DFMT_E_SYNTAX = -1,	/* D_SYNTAX: malformed or undefined conversion */
	DFMT_E_NOMEM = -2,	/* D_NOMEM */
	DFMT_E_EMPTY = -3,	/* D_PRINTF_FMT_EMPTY: "" */
	DFMT_E_DYN_PROTO = -4,	/* D_PRINTF_DYN_PROTO: no argument for a '*' */
	DFMT_E_DYN_TYPE = -5,	/* D_PRINTF_DYN_TYPE: a '*' argument is no integer */
	DFMT_E_AGG_CONV = -6,	/* D_PRINTF_AGG_CONV: %@ outside printa() */
	DFMT_E_ARG_PROTO = -7,	/* D_PRINTF_ARG_PROTO: no argument for a value */
	DFMT_E_ARG_TYPE = -8,	/* D_PRINTF_ARG_TYPE: a value of the wrong type */
	DFMT_E_ARG_EXTRA = -9,	/* D_PRINTF_ARG_EXTRA: arguments left over */
};

/* The DTrace tag ("D_SYNTAX" ...) of a negative dfmt_parse()/dfmt_check()
 * return value. */
const char *dfmt_errtag(int rc);

/* Parse fmt. Returns 0, or DFMT_E_SYNTAX / DFMT_E_NOMEM with a DTrace-style
 * message in err. %@ conversions (printa's aggregation value, consuming no
 * argument) are parsed here and refused by the check outside printa(). */
int dfmt_parse(const char *fmt, dfmt *out, char *err, size_t errlen);
/* The same as dfmt_parse(), for printa() formats. */
int dfmt_parse_printa(const char *fmt, dfmt *out, char *err, size_t errlen);

/* The form of DT_STACK argument types that stand for a printa() key of
 * stack() or of sym(), func(), mod() ...: which it is is known at run time
 * only, so it passes the checks of %k and of %a / %A. */
#define DFMT_FORM_KEY 0xff

/* How a call uses its format, for dfmt_check_call(). */
typedef struct dfmt_call {
	const char *func;	   /* "printf", "printa", "system" ... in messages */
	int printa;		   /* %@ allowed; keys may be left unused */
	dtype aggval;		   /* printa: the type %@ converts */
	const char *const *names;  /* NULL, or each argument's type as messages
				    * name it (NULL entries: from its dtype) */
} dfmt_call;

/* Check argument types against the parsed format with the rules, order and
 * messages of DTrace's dt_printf_validate(). Returns 0, or a negative
 * DFMT_E_* with a message such as "printf( ) argument #2 is incompatible
 * with conversion #1 prototype:\n\tconversion: %d\n\t prototype: int\n\t
 * argument: string" in err. */
int dfmt_check_call(const dfmt *f, const dfmt_call *call, const dtype *args, int nargs,
    char *err, size_t errlen);
/* dfmt_check_call() for printf(). */
int dfmt_check(const dfmt *f, const dtype *args, int nargs, char *err, size_t errlen);

/* A recorded argument: integers and the bytes of a float or double in i,
 * strings in s; for a long double, s points to its 16 bytes. */
typedef struct dfmt_val {
	uint64_t i;
	const char *s;
} dfmt_val;

/* Format with recorded values whose types are args (as checked). Writes to out. */
void dfmt_print(FILE *out, const dfmt *f, const dtype *args, const dfmt_val *vals, int nvals);

void dfmt_free(dfmt *f);

#endif
