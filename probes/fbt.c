/* The fbt provider: fbt:<module>:<function>:entry and :return for every
 * kernel function ftrace can patch (available_filter_functions, minus the
 * kprobe blacklist when debugfs shows it), made on demand when a
 * description names fbt. They are tracefs kprobe events: all entry probes of
 * one dtr in one multi-probe event (p:dtr_<pid>/k<n>), all return probes in
 * another (r:), each point's index an immediate argument, arg0-arg5 fetched
 * from the registers of the calling convention, and then the kernel memory
 * reads the compiler pushed down (prov_fetch_spec), so that the kernel reads
 * kernel memory when the probe fires. Without CONFIG_KPROBES, naming fbt is
 * an error that says so. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/provider.h"

extern const provider prov_fbt;

typedef struct kfunc {
	char *name, *mod;
	int provided;
} kfunc;

static kfunc *funcs;
static int nfuncs, loaded;

static int kprobes_available(void)
{
	const char *dir = prov_tracefs_dir();
	char path[4200];
	struct stat st;

	if (stat("/sys/bus/event_source/devices/kprobe", &st) == 0)
		return 1;
	if (!dir)
		return 0;
	snprintf(path, sizeof(path), "%s/kprobe_events", dir);
	return stat(path, &st) == 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const kfunc *)a)->name, ((const kfunc *)b)->name);
}

static int blacklisted(char **bl, int nbl, const char *name)
{
	for (int i = 0; i < nbl; i++)
		if (!strcmp(bl[i], name))
			return 1;
	return 0;
}

/* The kprobe blacklist's symbols, when debugfs shows them. */
static int read_blacklist(char ***out)
{
	FILE *f = fopen("/sys/kernel/debug/kprobes/blacklist", "r");
	char line[512], sym[256];
	char **bl = NULL;
	int n = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %255s", sym) == 1) {
			char **nb = realloc(bl, (size_t)(n + 1) * sizeof(*nb));
			if (!nb || !(nb[n] = strdup(sym)))
				break;
			bl = nb;
			n++;
		}
	if (f)
		fclose(f);
	*out = bl;
	return n;
}

/* The functions ftrace can patch, sorted, one per name. */
static int load_funcs(void)
{
	const char *dir = prov_tracefs_dir();
	char path[4200], line[512], name[256], mod[128];
	char **bl;
	int nbl, cap = 0;
	FILE *f;

	if (loaded)
		return 0;
	loaded = 1;
	snprintf(path, sizeof(path), "%s/available_filter_functions", dir ? dir : "");
	if (!dir || !(f = fopen(path, "r")))
		return -errno;
	nbl = read_blacklist(&bl);
	while (fgets(line, sizeof(line), f)) {
		mod[0] = 0;
		if (sscanf(line, "%255s [%127[^]]]", name, mod) < 1 || blacklisted(bl, nbl, name))
			continue;
		if (nfuncs == cap) {
			cap = cap ? cap * 2 : 4096;
			kfunc *n = realloc(funcs, (size_t)cap * sizeof(*n));
			if (!n)
				break;
			funcs = n;
		}
		funcs[nfuncs].name = strdup(name);
		funcs[nfuncs].mod = strdup(mod[0] ? mod : "vmlinux");
		funcs[nfuncs].provided = 0;
		if (!funcs[nfuncs].name || !funcs[nfuncs].mod)
			break;
		nfuncs++;
	}
	fclose(f);
	for (int i = 0; i < nbl; i++)
		free(bl[i]);
	free(bl);
	qsort(funcs, (size_t)nfuncs, sizeof(*funcs), by_name);
	int k = 0;
	for (int i = 0; i < nfuncs; i++) {
		if (k && !strcmp(funcs[k - 1].name, funcs[i].name)) {
			free(funcs[i].name);
			free(funcs[i].mod);
			continue;
		}
		funcs[k++] = funcs[i];
	}
	nfuncs = k;
	return 0;
}

static int provide(const char *prov, const char *mod, const char *func, const char *name)
{
	(void)name;
	if (strcmp(prov, "fbt"))
		return 0;
	if (!kprobes_available()) {
		prov_set_error("fbt provider unavailable: kernel built without CONFIG_KPROBES");
		return -ENOSYS;
	}
	int rc = load_funcs();
	if (rc < 0) {
		prov_set_error("fbt provider unavailable: cannot read available_filter_functions: %s",
			       strerror(-rc));
		return rc;
	}
	for (int i = 0; i < nfuncs; i++) {
		kfunc *f = &funcs[i];
		if (f->provided || !prov_glob(mod, f->mod) || !prov_glob(func, f->name))
			continue;
		f->provided = 1;
		if (prov_add_probe(&prov_fbt, "fbt", f->mod, NULL, f->name, "entry", 2L * i) < 0 ||
		    prov_add_probe(&prov_fbt, "fbt", f->mod, NULL, f->name, "return", 2L * i + 1) < 0)
			return -ENOMEM;
	}
	return 0;
}

static void unload(void)
{
	for (int i = 0; i < nfuncs; i++) {
		free(funcs[i].name);
		free(funcs[i].mod);
	}
	free(funcs);
	funcs = NULL;
	nfuncs = loaded = 0;
}

/* ---- records ---- */

/* An entry record: common fields (8), __probe_ip (8), id (4), a0-a5 (8
 * each), then the fetches. A return record: common fields, __probe_func and
 * __probe_ret_ip (8 each), id, a0 ($retval), then the fetches. Fields are
 * packed in the order of the command line. */
#define ENTRY_BASE (8 + 8 + 4 + 6 * 8)
#define RETURN_BASE (8 + 16 + 4 + 8)

static uint32_t fetch_size(const char *spec, uint8_t *kind, uint8_t *sign)
{
	const char *t = strrchr(spec, ':');

	*kind = PF_INT;
	*sign = t && t[1] == 's' && t[2] != 't';
	if (!t || strstr(t, "string")) {
		*kind = PF_DATALOC; /* __data_loc: offset and length in 4 bytes */
		return 4;
	}
	return (uint32_t)atoi(t + 2) / 8;
}

/* Field fK of a record of entry (ret 0) or return (ret 1) probes. */
static int fetch_field(int ret, int k, prov_field *out)
{
	uint32_t off = ret ? RETURN_BASE : ENTRY_BASE;
	uint8_t kind, sign;

	if (k < 0 || k >= prov_fetch_count(ret))
		return -ENOENT;
	for (int i = 0; i < k; i++)
		off += fetch_size(prov_fetch_spec(ret, i), &kind, &sign);
	uint32_t size = fetch_size(prov_fetch_spec(ret, k), &kind, &sign);
	*out = (prov_field){ .offset = off, .size = size, .kind = kind, .is_signed = sign };
	return 0;
}

static int field(const prov_probe *p, const char *name, prov_field *out)
{
	char *end;

	if (name[0] != 'f' || !name[1])
		return -ENOENT;
	long k = strtol(name + 1, &end, 10);
	return *end ? -ENOENT : fetch_field((int)(p->priv & 1), (int)k, out);
}

/* ---- events ---- */

typedef struct kgroup {
	char sys[32], event[32];
	int ret, created;
	uint32_t *probes;       /* the probe of each point, by id */
	int n;
} kgroup;

static void group_free(void *arg)
{
	kgroup *g = arg;

	if (g->created)
		prov_dynevent_remove("kprobe_events", g->sys, g->event);
	free(g->probes);
	free(g);
}

static uint32_t decode(const prov_event *ev, const prov_sample *smp, prov_fire *f)
{
	const kgroup *g = ev->priv;
	uint32_t base = g->ret ? RETURN_BASE : ENTRY_BASE, id;

	if (!smp->raw || base > smp->rawlen)
		return 0;
	memcpy(&id, smp->raw + base - 4 - (g->ret ? 8 : 48), 4);
	if (id >= (uint32_t)g->n)
		return 0;
	if (g->ret) {
		/* a kretprobe does not say which return instruction: arg0 is 0 */
		memcpy(&f->args[1], smp->raw + base - 8, 8);
	} else {
		memcpy(f->args, smp->raw + base - 48, 48);
	}
	return g->probes[id];
}

static int push_group(kgroup *g, const prov_probe *const *probes, int n,
		      int (*push)(prov_event *, void *), void *arg, char *err, size_t errlen)
{
	static const char *const regs[6] = { "%di", "%si", "%dx", "%cx", "%r8", "%r9" };
	char line[8192];
	int rc = 0, skipped = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		const prov_probe *p = probes[i];
		int l = snprintf(line, sizeof(line), "%c:%s/%s %s id=\\%d:u32", g->ret ? 'r' : 'p', g->sys,
				 g->event, p->func, g->n);
		if (g->ret)
			l += snprintf(line + l, sizeof(line) - (size_t)l, " a0=$retval:u64");
		for (int k = 0; !g->ret && k < 6; k++)
			l += snprintf(line + l, sizeof(line) - (size_t)l, " a%d=%s:u64", k, regs[k]);
		for (int k = 0; k < prov_fetch_count(g->ret) && l < (int)sizeof(line); k++)
			l += snprintf(line + l, sizeof(line) - (size_t)l, " f%d=%s", k, prov_fetch_spec(g->ret, k));
		if (l >= (int)sizeof(line) - 1) {
			snprintf(err, errlen, "too many kernel memory reads in one fbt probe");
			rc = -E2BIG;
			break;
		}
		snprintf(line + l, sizeof(line) - (size_t)l, "\n");
		rc = prov_dynevent_command("kprobe_events", line);
		if (rc == -EINVAL && n > 1) {
			skipped++; /* under a glob, one the kernel refuses is left out */
			rc = 0;
			continue;
		}
		if (rc < 0) {
			snprintf(err, errlen, "failed to create fbt:%s:%s:%s: %s", p->mod, p->func, p->name,
				 rc == -EINVAL ? "the kernel refuses to probe it" : strerror(-rc));
			break;
		}
		g->created = 1;
		g->probes[g->n++] = p->id;
	}
	if (skipped)
		fprintf(stderr, "dtr: %d function%s not probed: the kernel refuses kprobes there\n",
			skipped, skipped == 1 ? "" : "s");
	int id = rc < 0 ? rc : g->n ? prov_tracefs_event_id(g->sys, g->event) : -EINVAL;
	if (rc == 0 && id < 0)
		snprintf(err, errlen, "failed to create the fbt probes: %s", strerror(-id));
	/* the record must be laid out as the compiler read its fields */
	prov_field want, got;
	char name[16];
	for (int k = 0; id >= 0 && k < prov_fetch_count(g->ret); k++) {
		snprintf(name, sizeof(name), "f%d", k);
		if (fetch_field(g->ret, k, &want) < 0 ||
		    prov_tracefs_field_info(g->sys, g->event, name, &got) < 0 || got.offset != want.offset) {
			snprintf(err, errlen, "the kernel lays out kprobe records differently from what "
				 "dtr expects (field %s)", name);
			id = -EPROTO;
		}
	}
	if (id < 0) {
		group_free(g);
		return id;
	}
	prov_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.attr.type = PERF_TYPE_TRACEPOINT;
	ev.attr.config = (uint64_t)id;
	ev.sample_type = PERF_SAMPLE_RAW;
	ev.has_pid_field = 1;
	ev.decode = decode;
	ev.priv = g;
	ev.free_priv = group_free;
	snprintf(ev.desc, sizeof(ev.desc), "the %d fbt %s probes", g->n, g->ret ? "return" : "entry");
	rc = push(&ev, arg);
	if (rc < 0)
		snprintf(err, errlen, "out of memory");
	return rc;
}

static int attach(const prov_probe *const *probes, int n, int (*push)(prov_event *, void *), void *arg,
		  char *err, size_t errlen)
{
	static int nevents;
	const prov_probe **side = malloc((size_t)(n ? n : 1) * sizeof(*side));
	int rc = 0;

	if (!side)
		return -ENOMEM;
	prov_dynevent_remove_stale("kprobe_events");
	for (int ret = 0; ret < 2 && rc == 0; ret++) {
		int k = 0;
		for (int i = 0; i < n; i++)
			if ((probes[i]->priv & 1) == ret)
				side[k++] = probes[i];
		if (!k)
			continue;
		kgroup *g = calloc(1, sizeof(*g));
		if (!g || !(g->probes = calloc((size_t)k, sizeof(*g->probes)))) {
			free(g);
			rc = -ENOMEM;
			break;
		}
		g->ret = ret;
		snprintf(g->sys, sizeof(g->sys), "dtr_%d", (int)getpid());
		snprintf(g->event, sizeof(g->event), "k%d", nevents++);
		rc = push_group(g, side, k, push, arg, err, errlen);
	}
	free(side);
	return rc;
}

const provider prov_fbt = { .name = "fbt", .attach = attach, .provide = provide, .unload = unload,
			    .field = field };
