/* dtr -h: a C header from a program's provider definitions, whose macros
 * fire Linux USDT probes (<sys/sdt.h>) and test whether they are enabled. */
#ifndef RT_HEADER_H
#define RT_HEADER_H

#include <stdio.h>

struct dtr_program;

/* The most arguments a USDT probe takes (sdt.h's STAP_PROBE12). */
#define RT_HEADER_MAXARGS 12

/* Write the header for prog's provider definitions to out, as dtrace -h
 * does: for probe request__start of provider myapp, the macros
 * MYAPP_REQUEST_START(arg0, ...) and MYAPP_REQUEST_START_ENABLED(), and the
 * probe's semaphore, so that no dtr -G object is needed. file_name is the
 * header's file name (a path is fine), from which the include guard comes:
 * provider.h gives _PROVIDER_H; NULL gives _PROBES_H. A program without
 * provider definitions gives a header without probes. Returns 0, or -1
 * after printing why: a probe with more than RT_HEADER_MAXARGS arguments,
 * or two probes whose macros would have one name (then nothing is
 * written), or a write error. */
int rt_header_write(FILE *out, const struct dtr_program *prog, const char *file_name);

#endif
