/* The provider registry: the list of providers, the global probe table
 * built from their listings, description matching with DTrace's globs, and
 * dispatch of attach requests to the owning providers. */
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/provider.h"

extern const provider prov_dtrace, prov_syscall, prov_profile, prov_proc, prov_sched, prov_io,
	prov_tracepoint, prov_sdt, prov_pid, prov_usdt, prov_fbt;

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
	&prov_pid,
	&prov_usdt,
	&prov_fbt,
};
#define NPROV (sizeof(providers) / sizeof(providers[0]))

static prov_probe *table;
static uint16_t *ustrargs;    /* per probe id: prov_set_ustrargs() */
static uint32_t nustrargs;    /* ... its entries */
static char **fetches[2];     /* kernel fetch arguments: prov_fetch_add() */
static int nfetches[2];
/* Probes by name: descriptions with an exact name (BEGIN, entry) look only
 * at those, not at the whole table. */
#define NAMEBUCKETS 4096
static uint32_t name_head[NAMEBUCKETS]; /* probe id of a bucket's first, 0: none */
static uint32_t *name_next;   /* per probe id: the next in its bucket */

uint32_t prov_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static uint32_t name_hash(const char *s)
{
	return prov_hash(s) % NAMEBUCKETS;
}

static char listerr[NPROV][160]; /* why a provider could not list its probes */
static uint32_t ntable, captable;
static size_t nloaded;  /* providers[0, nloaded) have listed their probes */

int prov_glob(const char *pat, const char *s)
{
	/* (a pattern of plain characters is a string: fnmatch() costs some
	 * 250 instructions a probe to say so) */
	return !*pat || (strpbrk(pat, "*?[\\") ? fnmatch(pat, s, 0) == 0 : !strcmp(pat, s));
}

#define glob prov_glob

/* The probes' names, packed in blocks: a listing's thousands of short
 * strings would cost a malloc chunk each, and the pages they fill a fault
 * each (~10 us on a virtual machine). */
typedef struct strblock {
	struct strblock *next;
	size_t used, size;
	char s[];
} strblock;
static strblock *strings;

static const char *keep_str(const char *s)
{
	size_t l = strlen(s) + 1;

	if (!strings || strings->size - strings->used < l) {
		size_t size = l > 16384 ? l : 16384;
		strblock *b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		*b = (strblock){ .next = strings, .size = size };
		strings = b;
	}
	char *k = memcpy(strings->s + strings->used, s, l);
	strings->used += l;
	return k;
}

/* s, or the last probe's equal string (a provider lists a function's
 * probes, or a name's, together) */
static const char *share_str(const char *s, const char *last)
{
	return last && !strcmp(s, last) ? last : keep_str(s);
}

static long add_named(const provider *pv, const char *provname, const char *mod, const char *alias,
		      const char *func, const char *name, long priv)
{
	if (ntable == captable) {
		uint32_t cap = captable ? captable * 2 : 1024;
		prov_probe *t = realloc(table, cap * sizeof(*t));
		if (t)
			table = t;
		uint32_t *nn = realloc(name_next, (cap + 1) * sizeof(*nn));
		if (nn)
			name_next = nn;
		if (!t || !nn)
			return -ENOMEM;
		captable = cap;
	}
	const prov_probe *l = ntable ? &table[ntable - 1] : NULL;
	prov_probe *p = &table[ntable];
	p->id = ntable + 1;
	p->prov = pv;
	p->provname = provname == pv->name ? pv->name : share_str(provname, l ? l->provname : NULL);
	p->mod = share_str(mod, l ? l->mod : NULL);
	p->alias = alias ? share_str(alias, l ? l->alias : NULL) : NULL;
	p->func = share_str(func, l ? l->func : NULL);
	p->name = share_str(name, l ? l->name : NULL);
	p->priv = priv;
	if (!p->provname || !p->mod || !p->func || !p->name || (alias && !p->alias))
		return -ENOMEM;
	uint32_t b = name_hash(p->name);
	name_next[p->id] = name_head[b];
	name_head[b] = p->id;
	ntable++;
	return p->id;
}

static int add(const provider *pv, const char *mod, const char *func, const char *name,
	       long priv, void *arg)
{
	(void)arg;
	long rc = add_named(pv, pv->name, mod, NULL, func, name, priv);
	return rc < 0 ? (int)rc : 0;
}

long prov_add_probe(const provider *pv, const char *provname, const char *mod, const char *alias,
		    const char *func, const char *name, long priv)
{
	return add_named(pv, provname, mod, alias, func, name, priv);
}

static char provide_err[256];

void prov_set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(provide_err, sizeof(provide_err), fmt, ap);
	va_end(ap);
}

static int (*target_hook)(int32_t pid);

void prov_set_target_hook(int (*ready)(int32_t pid))
{
	target_hook = ready;
}

int prov_target_ready(int32_t pid)
{
	return target_hook ? target_hook(pid) : 0;
}

/* Providers list their probes in registry order, and only as far as a
 * description needs: syscall:::entry reads no tracepoint directory. Loading
 * a prefix of the list keeps every listed probe's id what a full load gives. */
static int load_upto(size_t end)
{
	for (; nloaded < end; nloaded++) {
		size_t i = nloaded;
		uint32_t before = ntable;
		if (!providers[i]->list)
			continue; /* its probes are made on demand */
		int rc = providers[i]->list(add, NULL);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0) {
			/* a provider lists all of its probes or none */
			for (uint32_t b = 0; b < NAMEBUCKETS; b++)
				while (name_head[b] > before)
					name_head[b] = name_next[name_head[b]];
			ntable = before; /* their names stay in the blocks until prov_unload() */
			snprintf(listerr[i], sizeof(listerr[i]), "cannot list %s probes: %s%s",
				 providers[i]->name, strerror(-rc),
				 rc == -EACCES || rc == -EPERM ? " (tracefs needs root)" : "");
		}
	}
	return 0;
}

int prov_load(void)
{
	return load_upto(NPROV);
}

int prov_load_for(const char *prov, const char *name)
{
	size_t end = 1; /* dtrace's BEGIN, END and ERROR are always ids 1-3 */

	/* BEGIN, END and ERROR are dtrace's alone (kernel events have lower
	 * case names): `BEGIN { ... }` lists no kernel event */
	if (!*prov && (!strcmp(name, "BEGIN") || !strcmp(name, "END") || !strcmp(name, "ERROR")))
		prov = "dtrace";
	for (size_t i = 0; i < NPROV; i++)
		if (providers[i]->list && glob(prov, providers[i]->name))
			end = i + 1;
	return load_upto(end);
}

void prov_surely(const prov_desc *d, int n, void (*warm)(const char *sys, const char *event, void *arg),
		 void *arg)
{
	for (size_t i = 0; i < NPROV; i++)
		if (providers[i]->surely)
			providers[i]->surely(d, n, warm, arg);
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

int prov_provide(const char *prov, const char *mod, const char *func, const char *name, char *err,
		 size_t errlen)
{
	for (size_t i = 0; i < NPROV; i++) {
		if (!providers[i]->provide)
			continue;
		provide_err[0] = 0;
		int rc = providers[i]->provide(prov, mod, func, name);
		if (rc < 0) {
			snprintf(err, errlen, "%s", provide_err[0] ? provide_err : strerror(-rc));
			return rc;
		}
	}
	return 0;
}

int prov_provider_exists(const char *pattern)
{
	for (size_t i = 0; i < NPROV; i++)
		if (glob(pattern, providers[i]->name))
			return 1;
	for (uint32_t i = 0; i < ntable; i++)
		if (table[i].provname != table[i].prov->name && glob(pattern, table[i].provname))
			return 1;
	/* pid123, myapp123: a process's providers, made on demand */
	size_t l = strlen(pattern);
	return l > 1 && pattern[l - 1] >= '0' && pattern[l - 1] <= '9' && !strpbrk(pattern, "*?[");
}

int prov_match(const char *prov, const char *mod, const char *func, const char *name,
	       void (*cb)(const prov_probe *p, void *arg), void *arg)
{
	int n = 0;

	if (prov_load_for(prov, name) < 0)
		return 0;
	if (*name && !strpbrk(name, "*?[\\")) {
		/* an exact name: its bucket only; ids come newest first, matches
		 * go out in id order */
		uint32_t *list = NULL, k = 0, cap = 0;
		for (uint32_t id = name_head[name_hash(name)]; id; id = name_next[id]) {
			if (strcmp(table[id - 1].name, name))
				continue;
			if (k == cap) {
				uint32_t *m = realloc(list, (cap = cap ? cap * 2 : 64) * sizeof(*m));
				if (!m)
					break;
				list = m;
			}
			list[k++] = id;
		}
		for (uint32_t j = k; j-- > 0;) {
			const prov_probe *p = &table[list[j] - 1];
			if (glob(prov, p->provname) && (glob(mod, p->mod) || (p->alias && glob(mod, p->alias))) &&
			    glob(func, p->func)) {
				if (cb)
					cb(p, arg);
				n++;
			}
		}
		free(list);
		return n;
	}
	for (uint32_t i = 0; i < ntable; i++) {
		const prov_probe *p = &table[i];
		if (glob(prov, p->provname) && (glob(mod, p->mod) || (p->alias && glob(mod, p->alias))) &&
		    glob(func, p->func) && glob(name, p->name)) {
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
	const provider *prov;   /* whose attach() is pushing */
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
	l->evs[l->n] = *ev;
	l->evs[l->n++].prov = l->prov;
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
		l.prov = providers[i];
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
	for (size_t i = 0; i < NPROV; i++)
		if (providers[i]->unload)
			providers[i]->unload();
	for (strblock *b = strings, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	strings = NULL;
	free(table);
	free(ustrargs);
	ustrargs = NULL;
	nustrargs = 0;
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < nfetches[k]; i++)
			free(fetches[k][i]);
		free(fetches[k]);
		fetches[k] = NULL;
		nfetches[k] = 0;
	}
	free(name_next);
	name_next = NULL;
	memset(name_head, 0, sizeof(name_head));
	table = NULL;
	ntable = captable = 0;
	nloaded = 0;
	memset(listerr, 0, sizeof(listerr));
	prov_tracefs_forget();
}

void prov_set_ustrargs(uint32_t probe, uint16_t mask)
{
	if (probe < 1 || probe > ntable)
		return;
	if (probe >= nustrargs) {
		/* probes made later (dlopen) grow it */
		uint16_t *n = realloc(ustrargs, (ntable + 1) * sizeof(*n));
		if (!n)
			return; /* out of memory: strings are read after the event */
		memset(n + nustrargs, 0, (ntable + 1 - nustrargs) * sizeof(*n));
		ustrargs = n;
		nustrargs = ntable + 1;
	}
	ustrargs[probe] |= mask;
}

uint16_t prov_ustrargs(uint32_t probe)
{
	return probe < nustrargs ? ustrargs[probe] : 0;
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

int prov_fetch_add(int ret, const char *spec)
{
	for (int i = 0; i < nfetches[ret]; i++)
		if (!strcmp(fetches[ret][i], spec))
			return i;
	char **n = realloc(fetches[ret], (size_t)(nfetches[ret] + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	fetches[ret] = n;
	if (!(n[nfetches[ret]] = strdup(spec)))
		return -ENOMEM;
	return nfetches[ret]++;
}

int prov_fetch_count(int ret)
{
	return nfetches[ret];
}

const char *prov_fetch_spec(int ret, int k)
{
	return k >= 0 && k < nfetches[ret] ? fetches[ret][k] : NULL;
}
