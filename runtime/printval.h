/* print(), tracemem() and printf() output (printval.c). */
#ifndef RT_PRINTVAL_H
#define RT_PRINTVAL_H

#include <stdint.h>
#include <stdio.h>

#include "dc/dc.h"
#include "dc/dtype.h"

/* print(): the value of type t whose bytes are data, as DTrace lays it out. */
void rt_print_value(FILE *f, const dtypetab *tt, dtype t, const uint8_t *data, size_t len);
/* print() of a pointer to a struct or union, as Oracle's DTrace lays it
 * out: data is the pointer (8 bytes) then the object's bytes; at most
 * printsize bytes of them are shown (UINT64_MAX: all). */
void rt_print_pointee(FILE *f, const dtypetab *tt, dtype ptr, const uint8_t *data, size_t len,
		      uint64_t printsize);
/* DTrace's dt_print_bytes test: are the n bytes printable characters (with
 * spaces, \b and \a), then NULs only after at least one character? */
int rt_bytes_are_string(const uint8_t *c, size_t n);
/* tracemem(): a hex and character dump of n bytes. */
void rt_print_rawbytes(FILE *f, const uint8_t *c, size_t n);
/* trace() of a string under -x rawbytes: the dump of its whole buffer of
 * bufsize bytes (strsize and the NUL), the string's at most len bytes and
 * NULs after them, as DTrace records a string. */
void rt_print_strbytes(FILE *f, const char *s, size_t len, size_t bufsize);

/* printf(), printa() and the like: a format with its recorded arguments. */
void rt_printf_payload(FILE *out, const dtr_fmt *f, const uint8_t *p, uint32_t size);

#endif
