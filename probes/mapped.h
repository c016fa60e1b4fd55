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
	int any_thread;            /* fires in whatever thread it interrupts: dtr's own
	                            * firings are not left out (io:::done) */
	const char *as_comm;       /* ... with this comm */
	int cond;                  /* enum map_cond: which samples fire the probe */
	const char *cond_field;    /* the field cond tests; for MC_*LEADER none */
	uint64_t cond_mask;        /* tested bits of cond_field (0: all) */
} prov_map;

int prov_map_list(const provider *pv, const prov_map *map, int n,
		  int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		  void *arg);
int prov_map_attach(const prov_map *map, int nmap, const prov_probe *const *probes, int n,
		    int (*push)(prov_event *, void *), void *arg, char *err, size_t errlen);
int prov_map_field(const prov_map *map, const prov_probe *p, const char *name, prov_field *out);
const prov_xlate *prov_map_xlate(const prov_map *map, const prov_probe *p, int n);


/* Translator members read through _proc(T, what) (what: enum
 * prov_procinfo, as numbers in the text) of the thread whose id is the D
 * expression T: the psinfo_t members of its process, and the lwpsinfo_t
 * members of a thread whose state the event does not say. */
#define XM_PSINFO_PROC(T)                                                                        \
	{ "pr_euid", "(uid_t)_proc(" T ", 4)" }, { "pr_egid", "(gid_t)_proc(" T ", 5)" },        \
	{ "pr_pgid", "(pid_t)_proc(" T ", 6)" }, { "pr_sid", "(pid_t)_proc(" T ", 7)" },         \
	{ "pr_dmodel", "(char)_proc(" T ", 8)" }, { "pr_nlwp", "(int)_proc(" T ", 10)" },        \
	{ "pr_start.tv_sec", "(int64_t)(_proc(" T ", 9) / 1000000000)" },                        \
	{ "pr_start.tv_nsec", "(long)(_proc(" T ", 9) % 1000000000)" }
#define XM_LWPSINFO_PROC(T)                                                                      \
	{ "pr_clname", "_proc(" T ", 12) == 1 ? \"RT\" : _proc(" T ", 12) == 2 ? \"SYS\" : \"TS\"" }, \
	{ "pr_start.tv_sec", "(int64_t)(_proc(" T ", 13) / 1000000000)" },                       \
	{ "pr_start.tv_nsec", "(long)(_proc(" T ", 13) % 1000000000)" },                         \
	{ "pr_wchan", "(uintptr_t)0" }, { "pr_stype", "(char)0" }
/* ... of a thread on its way to run or running: Oracle's values for a
 * TASK_RUNNING task (SRUN, 'R', no PR_STOPPED) */
#define XM_LWPSINFO_RUN                                                                          \
	{ "pr_flag", "0" }, { "pr_state", "(char)2" }, { "pr_sname", "(char)'R'" }

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
		return prov_map_attach(map, (int)(sizeof(map) / sizeof(map[0])), probes, n, push, arg, \
				       err, errlen);                                                 \
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
