/* Stable providers (proc, sched, io) whose probes are tracepoints seen
 * through DTrace's names: a table per provider, and the shared code that
 * lists, attaches and types them (mapped.c). */
#ifndef PROV_MAPPED_H
#define PROV_MAPPED_H

#include "probes/provider.h"

enum map_cond { MC_NONE, MC_NONZERO, MC_ZERO, MC_NEGATIVE, MC_LEADER, MC_NOT_LEADER };

typedef struct prov_map {
	const char *name;          /* DTrace's probe name, e.g. "exec-success" */
	const char *sys, *event;   /* the tracepoint */
	const char *args[3];       /* fields that become arg0..arg2 (NULL: none) */
	const prov_xlate *xargs[3]; /* args[0..2] as DTrace's translated structs */
	const char *as_tid;        /* fire as the thread in this field (on-cpu) */
	const char *as_comm;       /* ... with this comm */
	int cond;                  /* enum map_cond: which samples fire the probe */
	const char *cond_field;    /* the field cond tests; for MC_*LEADER none */
	uint64_t cond_mask;        /* tested bits of cond_field (0: all) */
} prov_map;

int prov_map_list(const provider *pv, const prov_map *map, int n,
		  int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		  void *arg);
int prov_map_attach(const prov_map *map, const prov_probe *const *probes, int n,
		    int (*push)(prov_event *, void *), void *arg, char *err, size_t errlen);
int prov_map_field(const prov_map *map, const prov_probe *p, const char *name, prov_field *out);
const prov_xlate *prov_map_xlate(const prov_map *map, const prov_probe *p, int n);


/* Define provider `prov_NAME` ("NAME") from its table map. */
#define PROV_MAPPED(NAME, map)                                                               \
	extern const provider prov_##NAME;                                                   \
	static int list(int (*add)(const provider *, const char *, const char *, const char *, \
				   long, void *),                                            \
			void *arg)                                                           \
	{                                                                                    \
		return prov_map_list(&prov_##NAME, map, (int)(sizeof(map) / sizeof(map[0])), add, arg); \
	}                                                                                    \
	static int attach(const prov_probe *const *probes, int n,                            \
			  int (*push)(prov_event *, void *), void *arg, char *err, size_t errlen) \
	{                                                                                    \
		return prov_map_attach(map, probes, n, push, arg, err, errlen);              \
	}                                                                                    \
	static int field(const prov_probe *p, const char *name, prov_field *out)             \
	{                                                                                    \
		return prov_map_field(map, p, name, out);                                    \
	}                                                                                    \
	static const prov_xlate *xlate(const prov_probe *p, int n)                           \
	{                                                                                    \
		return prov_map_xlate(map, p, n);                                            \
	}                                                                                    \
	const provider prov_##NAME = { .name = #NAME, .list = list, .attach = attach,         \
				       .field = field, .xlate = xlate }

#endif
