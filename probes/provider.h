/* Providers: each lists its probes, and turns a set of matched probes into
 * event sources (a perf_event_attr, a kernel filter, and a decoder from a
 * raw sample to the probe that fired and its arguments). Providers never
 * print and know nothing of the runtime. Adding one is one file with a
 * `const provider prov_NAME` and one line in registry.c. */
#ifndef PROV_PROVIDER_H
#define PROV_PROVIDER_H

#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>

struct provider;

/* One probe. IDs are dense from 1 in registry order (dtrace's BEGIN, END,
 * ERROR are 1, 2, 3 as in DTrace). */
typedef struct prov_probe {
	uint32_t id;
	const struct provider *prov;
	const char *provname, *mod, *func, *name;
	long priv;            /* the provider's own datum (syscall number ...) */
} prov_probe;

enum { PROV_ID_BEGIN = 1, PROV_ID_END = 2, PROV_ID_ERROR = 3 };

/* A kernel event source to open on every CPU (system-wide). */
typedef struct prov_event {
	struct perf_event_attr attr;  /* type and config set; the runtime adds sampling */
	char *filter;                 /* kernel filter (malloc'ed), NULL for none */
	int has_pid_field;            /* the filter may use common_pid */
	/* Decode one raw sample: return the probe id that fired (0: ignore)
	 * and fill args[0..9]. */
	uint32_t (*decode)(const struct prov_event *ev, const uint8_t *raw, uint32_t len,
			   int64_t *args);
	void *priv;                   /* decoder state, freed with prov_events_free */
	void (*free_priv)(void *);
	char desc[64];                /* e.g. "raw_syscalls:sys_enter", for messages */
} prov_event;

typedef struct provider {
	const char *name;
	/* Add this provider's probes with add(); return 0 or -errno. */
	int (*list)(int (*add)(const struct provider *, const char *mod, const char *func,
			       const char *name, long priv, void *arg),
		    void *arg);
	/* Build event sources for the matched probes (all of this provider).
	 * Append them with push(); return 0 or -errno with a message in err. */
	int (*attach)(const prov_probe *const *probes, int n,
		      int (*push)(prov_event *ev, void *arg), void *arg,
		      char *err, size_t errlen);
} provider;

/* Load the probe table of every provider (once). Returns 0 or -ENOMEM; a
 * provider that cannot list its probes (no tracefs, no permission) is left
 * empty and prov_list_error() says why. */
int prov_load(void);
const char *prov_list_error(const char *provpattern);
void prov_unload(void);
uint32_t prov_count(void);
const prov_probe *prov_get(uint32_t id);

/* Does a provider whose name matches the pattern exist? */
int prov_provider_exists(const char *pattern);

/* Call cb for every probe matching the description (empty fields and glob
 * patterns match as in DTrace). Returns the number matched. */
int prov_match(const char *prov, const char *mod, const char *func, const char *name,
	       void (*cb)(const prov_probe *p, void *arg), void *arg);

/* Event sources for a set of probe ids (any providers). Returns 0 or
 * -errno with err filled; *evs is a malloc'ed array. */
int prov_attach(const uint32_t *ids, int n, prov_event **evs, int *nevs, char *err, size_t errlen);
void prov_events_free(prov_event *evs, int n);

/* tracefs helpers (tracefs.c): the mounted tracing directory (mounting
 * tracefs when missing and root), an event's id, a field's offset and size
 * from its format file. */
const char *prov_tracefs_dir(void);
int prov_tracefs_event_id(const char *sys, const char *event);
int prov_tracefs_field(const char *sys, const char *event, const char *field, int *offset,
		       int *size);

#endif
