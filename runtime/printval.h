/* print() and tracemem() output (printval.c). */
#ifndef RT_PRINTVAL_H
#define RT_PRINTVAL_H

#include <stdint.h>
#include <stdio.h>

#include "dc/dtype.h"

/* print(): the value of type t whose bytes are data, as DTrace lays it out. */
void rt_print_value(FILE *f, const dtypetab *tt, dtype t, const uint8_t *data, size_t len);
/* DTrace's dt_print_bytes test: are the n bytes printable characters (with
 * spaces, \b and \a), then NULs only after at least one character? */
int rt_bytes_are_string(const uint8_t *c, size_t n);
/* trace() of memory: a string when rt_bytes_are_string, as trace() prints
 * strings; else the hex dump. */
void rt_print_bytes(FILE *f, const uint8_t *c, size_t n, int quiet);
/* tracemem(): a hex and character dump of n bytes. */
void rt_print_rawbytes(FILE *f, const uint8_t *c, size_t n);

#endif
