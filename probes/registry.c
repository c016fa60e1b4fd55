/* The provider registry: the list of providers, the global probe table
 * built from their listings, description matching with DTrace's globs, and
 * dispatch of attach requests to the owning providers. */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/provider.h"

extern const provider prov_dtrace, prov_syscall, prov_profile, prov_proc, prov_sched, prov_io,
	prov_tracepoint, prov_sdt;

/* Registry order fixes probe ids: dtrace first, so BEGIN/END/ERROR are 1-3. */
static const provider *const providers[] = {
	&prov_dtrace,
	&prov_profile,
	&prov_syscall,
	&prov_proc,
	&prov_sched,
	&prov_io,
	&prov_tracepoint,
	&prov_sdt,
};
#define NPROV (sizeof(providers) / sizeof(providers[0]))

static prov_probe *table;
static char listerr[NPROV][160]; /* why a provider could not list its probes */
static uint32_t ntable, captable;
static int loaded;

static int glob(const char *pat, const char *s)
{
	return !*pat || fnmatch(pat, s, 0) == 0;
}

static int add(const provider *pv, const char *mod, const char *func, const char *name,
	       long priv, void *arg)
{
	(void)arg;
	if (ntable == captable) {
		uint32_t cap = captable ? captable * 2 : 1024;
		prov_probe *t = realloc(table, cap * sizeof(*t));
		if (!t)
			return -ENOMEM;
		table = t;
		captable = cap;
	}
	prov_probe *p = &table[ntable];
	p->id = ntable + 1;
	p->prov = pv;
	p->provname = pv->name;
	p->mod = strdup(mod);
	p->func = strdup(func);
	p->name = strdup(name);
	p->priv = priv;
	if (!p->mod || !p->func || !p->name)
		return -ENOMEM;
	ntable++;
	return 0;
}

int prov_load(void)
{
	if (loaded)
		return 0;
	for (size_t i = 0; i < NPROV; i++) {
		uint32_t before = ntable;
		int rc = providers[i]->list(add, NULL);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0) {
			ntable = before; /* a provider lists all of its probes or none */
			snprintf(listerr[i], sizeof(listerr[i]), "cannot list %s probes: %s%s",
				 providers[i]->name, strerror(-rc),
				 rc == -EACCES || rc == -EPERM ? " (tracefs needs root)" : "");
		}
	}
	loaded = 1;
	return 0;
}

const char *prov_list_error(const char *pattern)
{
	for (size_t i = 0; i < NPROV; i++)
		if (listerr[i][0] && glob(pattern, providers[i]->name))
			return listerr[i];
	return NULL;
}

uint32_t prov_count(void)
{
	return ntable;
}

const prov_probe *prov_get(uint32_t id)
{
	return id >= 1 && id <= ntable ? &table[id - 1] : NULL;
}

void prov_provide(const char *prov, const char *mod, const char *func, const char *name)
{
	for (size_t i = 0; i < NPROV; i++)
		if (providers[i]->provide && glob(prov, providers[i]->name) &&
		    !prov_match(providers[i]->name, mod, func, name, NULL, NULL))
			providers[i]->provide(mod, func, name, add, NULL);
}

int prov_provider_exists(const char *pattern)
{
	for (size_t i = 0; i < NPROV; i++)
		if (glob(pattern, providers[i]->name))
			return 1;
	return 0;
}

int prov_match(const char *prov, const char *mod, const char *func, const char *name,
	       void (*cb)(const prov_probe *p, void *arg), void *arg)
{
	int n = 0;

	for (uint32_t i = 0; i < ntable; i++) {
		const prov_probe *p = &table[i];
		if (glob(prov, p->provname) && glob(mod, p->mod) && glob(func, p->func) &&
		    glob(name, p->name)) {
			if (cb)
				cb(p, arg);
			n++;
		}
	}
	return n;
}

typedef struct evlist {
	prov_event *evs;
	int n, cap;
} evlist;

static int push(prov_event *ev, void *arg)
{
	evlist *l = arg;

	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 8;
		prov_event *e = realloc(l->evs, (size_t)cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		l->evs = e;
		l->cap = cap;
	}
	l->evs[l->n++] = *ev;
	return 0;
}

int prov_attach(const uint32_t *ids, int n, prov_event **evs, int *nevs, char *err, size_t errlen)
{
	const prov_probe **sel = malloc(((size_t)n + 1) * sizeof(*sel));
	evlist l = { 0 };
	int rc = 0;

	if (!sel)
		return -ENOMEM;
	for (size_t i = 0; i < NPROV && rc == 0; i++) {
		int k = 0;
		for (int j = 0; j < n; j++) {
			const prov_probe *p = prov_get(ids[j]);
			if (p && p->prov == providers[i])
				sel[k++] = p;
		}
		if (k)
			rc = providers[i]->attach(sel, k, push, &l, err, errlen);
	}
	free(sel);
	if (rc < 0) {
		prov_events_free(l.evs, l.n);
		return rc;
	}
	*evs = l.evs;
	*nevs = l.n;
	return 0;
}

void prov_events_free(prov_event *evs, int n)
{
	for (int i = 0; i < n; i++) {
		free(evs[i].filter);
		if (evs[i].free_priv)
			evs[i].free_priv(evs[i].priv);
	}
	free(evs);
}

void prov_unload(void)
{
	for (uint32_t i = 0; i < ntable; i++) {
		free((char *)table[i].mod);
		free((char *)table[i].func);
		free((char *)table[i].name);
	}
	free(table);
	table = NULL;
	ntable = captable = 0;
	loaded = 0;
}

int prov_field_of(uint32_t id, const char *name, prov_field *out)
{
	const prov_probe *p = prov_get(id);

	if (!p || !p->prov->field)
		return -ENOENT;
	return p->prov->field(p, name, out);
}

int prov_argtype_of(uint32_t id, int n, prov_field *out)
{
	const prov_probe *p = prov_get(id);

	if (!p || !p->prov->argtype)
		return -ENOENT;
	return p->prov->argtype(p, n, out);
}

const prov_xlate *prov_xlate_of(uint32_t id, int n)
{
	const prov_probe *p = prov_get(id);

	return p && p->prov->xlate ? p->prov->xlate(p, n) : NULL;
}
