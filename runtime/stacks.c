/* Stacks and symbols for stack(), ustack(), sym()/usym(), mod()/umod() and
 * func()/ufunc(): kernel addresses are symbolized from /proc/kallsyms, user
 * stacks are unwound by libdwfl from a perf sample (registers + a copy of the
 * stack) and symbolized from the process's ELF files (found through
 * /proc/PID/maps, or through the mappings perf recorded, stacks_maps.c, once
 * the process is gone), all printed the way DTrace prints them. Not
 * thread-safe: one consumer thread owns an rt_stacks. */
#include "runtime/stacks.h"
#include "runtime/stacks_maps.h"

#include <asm/perf_regs.h>
#include <ctype.h>
#include <dlfcn.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- kernel symbols (/proc/kallsyms) ---- */

/* One kallsyms symbol. rank orders symbols sharing an address the way
 * Oracle DTrace's dt_symtab does: typed before untyped, non-weak before weak,
 * then by name; only the first of them is kept. */
typedef struct ksym {
	uint64_t addr;
	uint64_t size;  /* up to the next symbol, see ktab_load() */
	uint32_t name;  /* offset in ktab.strs */
	uint16_t mod;   /* index in ktab.mods */
	uint8_t rank;
} ksym;

typedef struct ktab {
	int state;      /* 0 not loaded, 1 loaded, -1 unusable (unreadable or kptr_restrict) */
	ksym *syms;
	size_t n, cap;
	char *strs;
	size_t slen, scap;
	uint32_t *mods; /* module names, offsets in strs; mods[0] is "vmlinux" */
	uint16_t nmods, mcap;
} ktab;

/* ---- user processes (libdwfl) ---- */

/* A process's modules as libdwfl sees them. */
typedef struct udwfl {
	Dwfl *d;              /* NULL: nothing could be reported */
	bool attached;        /* dwfl_attach_state done */
	bool noattach;        /* dwfl_attach_state failed: unwind by frame pointers */
} udwfl;

/* A process: its Dwfl from /proc/PID/maps while it runs, and one from the
 * mappings perf recorded (stacks_maps.c) for the pcs that one lacks: the
 * process has exited, or has exec'd or unmapped since the sample. */
typedef struct uproc {
	int32_t pid;
	uint32_t gen;         /* symbol-cache generation of both Dwfls */
	udwfl proc;           /* from /proc/PID/maps; .d NULL if the process is gone */
	udwfl rec;            /* from the recorded mappings, built on demand */
	uint64_t recver;      /* rt_maps_covers() version rec was built from */
	uint64_t refreshed;   /* CLOCK_MONOTONIC_COARSE ns of the last report */
	uint64_t sig;         /* maps_sig() at the last report */
	uint64_t used;        /* rt_stacks.tick at the last use, for eviction */
	/* the sample being unwound (valid during rt_stacks_unwind only) */
	const uint64_t *regs;
	const uint8_t *stack;
	size_t size;
	uint64_t sp;
	struct uproc *next;
} uproc;

/* ---- resolved-symbol cache ---- */

/* A resolved pc: mod NULL when no module holds it, name NULL when the module
 * has no symbol for it. The strings belong to the kernel table or to the
 * Dwfl of generation gen, so an entry is valid only while gen matches. */
typedef struct scache {
	uint64_t pc;
	int32_t pid;
	uint32_t gen;         /* 0: empty */
	const char *mod;
	const char *name;
	int namelen;          /* name's length without a symbol version (@@GLIBC_2.34) */
	uint64_t symaddr;
} scache;

#define NPROCBUCKETS 256
#define MAXPROCS 128     /* Dwfls kept at once; each holds its files' symbols */
#define NSCACHE 8192
#define REFRESH_NS 1000000000ULL /* re-read a process's maps at most once a second */

struct rt_stacks {
	ktab k;
	rt_maps *maps;        /* recorded mappings (stacks_maps.c) */
	uint32_t kgen;        /* generation of the kernel table */
	uint32_t gen;         /* last generation handed out */
	uproc *procs[NPROCBUCKETS];
	int nprocs;
	uint64_t tick;
	scache cache[NSCACHE];
};

rt_stacks *rt_stacks_new(void)
{
	rt_stacks *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	if (!(st->maps = rt_maps_new())) {
		free(st);
		return NULL;
	}
	st->kgen = ++st->gen;
	return st;
}

rt_maps *rt_stacks_maps(rt_stacks *st)
{
	return st->maps;
}

static void ktab_clear(ktab *k)
{
	free(k->syms);
	free(k->strs);
	free(k->mods);
	memset(k, 0, sizeof(*k));
}

static void udwfl_set(udwfl *u, Dwfl *d)
{
	if (u->d)
		dwfl_end(u->d);
	u->d = d;
	u->attached = u->noattach = false;
}

static void uproc_free(uproc *p)
{
	udwfl_set(&p->proc, NULL);
	udwfl_set(&p->rec, NULL);
	free(p);
}

void rt_stacks_free(rt_stacks *st)
{
	if (!st)
		return;
	ktab_clear(&st->k);
	for (int i = 0; i < NPROCBUCKETS; i++) {
		for (uproc *p = st->procs[i], *nx; p; p = nx) {
			nx = p->next;
			uproc_free(p);
		}
	}
	rt_maps_free(st->maps);
	free(st);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* ---- kernel symbol table ---- */

static int ktab_str(ktab *k, const char *s, size_t len, uint32_t *off)
{
	if (k->slen + len + 1 > k->scap) {
		size_t cap = k->scap ? k->scap * 2 : 1 << 20;
		char *p;

		while (cap < k->slen + len + 1)
			cap *= 2;
		if (!(p = realloc(k->strs, cap)))
			return -1;
		k->strs = p;
		k->scap = cap;
	}
	memcpy(k->strs + k->slen, s, len);
	k->strs[k->slen + len] = '\0';
	*off = (uint32_t)k->slen;
	k->slen += len + 1;
	return 0;
}

/* Index of module name s (interned on first sight); -1 on no memory. */
static int ktab_mod(ktab *k, const char *s, size_t len)
{
	uint32_t off;

	for (int i = k->nmods - 1; i >= 0; i--) {
		const char *m = k->strs + k->mods[i];
		if (strncmp(m, s, len) == 0 && m[len] == '\0')
			return i;
	}
	if (k->nmods == UINT16_MAX)
		return 0;
	if (k->nmods == k->mcap) {
		uint16_t cap = k->mcap ? (uint16_t)(k->mcap * 2 > UINT16_MAX ? UINT16_MAX : k->mcap * 2) : 64;
		uint32_t *p = realloc(k->mods, cap * sizeof(*p));
		if (!p)
			return -1;
		k->mods = p;
		k->mcap = cap;
	}
	if (ktab_str(k, s, len, &off) < 0)
		return -1;
	k->mods[k->nmods] = off;
	return k->nmods++;
}

/* DTrace's ranking of the nm-style type letter (dt_module.c sym_type_to_info
 * and dt_symtab.c dt_symbol_sort_cmp): bit 1 untyped, bit 0 weak. */
static uint8_t ktype_rank(char t)
{
	switch (tolower((unsigned char)t)) {
	case 't': case 'r': case 'g': case 'd': case 's': case 'b': case 'c':
		return 0;
	case 'w': case 'v':
		return 1;
	default:
		return 2;
	}
}

/* Symbols DTrace leaves out of its kernel symbol tables (dt_modsym_update):
 * voluminous, never on a call path. */
static bool kskip(const char *name, size_t len)
{
	static const char *const pfx[] = {
		"__crc_", "__ksymtab_", "__kcrctab_", "__kstrtab_", "__param_",
		"__syscall_meta__", "__p_syscall_meta__", "__event_", "event_",
		"ftrace_event_", "types__", "args__", "__tracepoint_", "__tpstrtab_",
		"__initcall_", "__setup_", "__pci_fixup_",
	};

	if (name[0] != '_' && name[0] != 'e' && name[0] != 'f' && name[0] != 't' && name[0] != 'a')
		return false;
	for (size_t i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++) {
		size_t pl = strlen(pfx[i]);
		if (len >= pl && memcmp(name, pfx[i], pl) == 0)
			return true;
	}
	return false;
}

static int ksym_cmp(const void *a, const void *b, void *arg)
{
	const ksym *x = a, *y = b;
	const char *strs = arg;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(strs + x->name, strs + y->name);
}

/* Parse one kallsyms line "addr type name[\t[module]]" into k. */
static int ktab_line(ktab *k, char *line, bool *nonzero)
{
	char *p = line, *e;
	uint64_t addr = strtoull(p, &e, 16);
	char type;
	const char *name, *mod = "vmlinux";
	size_t nlen, mlen = 7;
	int mi;
	ksym *s;

	if (e == p || *e != ' ')
		return 0;
	p = e + 1;
	type = *p++;
	if (!type || *p != ' ')
		return 0;
	name = ++p;
	while (*p && *p != '\t' && *p != ' ' && *p != '\n')
		p++;
	nlen = (size_t)(p - name);
	if (!nlen)
		return 0;
	while (*p == '\t' || *p == ' ')
		p++;
	if (*p == '[') {
		mod = ++p;
		while (*p && *p != ']')
			p++;
		mlen = (size_t)(p - mod);
	}
	if (addr)
		*nonzero = true;
	/* Like DTrace: no BPF programs, no kprobe pages, no absolute symbols. */
	if ((mlen == 3 && memcmp(mod, "bpf", 3) == 0) ||
	    (mlen == 18 && memcmp(mod, "__builtin__kprobes", 18) == 0) || type == 'a' || type == 'A' ||
	    kskip(name, nlen))
		return 0;
	if ((mi = ktab_mod(k, mod, mlen)) < 0)
		return -1;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 65536;
		ksym *q = realloc(k->syms, cap * sizeof(*q));
		if (!q)
			return -1;
		k->syms = q;
		k->cap = cap;
	}
	s = &k->syms[k->n];
	memset(s, 0, sizeof(*s));
	s->addr = addr;
	s->mod = (uint16_t)mi;
	s->rank = ktype_rank(type);
	if (ktab_str(k, name, nlen, &s->name) < 0)
		return -1;
	k->n++;
	return 0;
}

/* Load /proc/kallsyms once: sorted by address, one symbol per address, each
 * sized up to the next symbol (kallsyms has no sizes); the last symbol of a
 * module before another module's, and the very last one, get at most a page,
 * so that addresses past the end of a module's text stay unresolved. */
static void ktab_load(ktab *k)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char *line = NULL;
	size_t cap = 0, w = 0;
	bool nonzero = false;

	k->state = -1;
	if (!f)
		return;
	setvbuf(f, NULL, _IOFBF, 1 << 18);  /* few large reads of a 10+ MB file */
	if (ktab_mod(k, "vmlinux", 7) < 0)
		goto fail;
	while (getline(&line, &cap, f) > 0) {
		if (ktab_line(k, line, &nonzero) < 0)
			goto fail;
	}
	free(line);
	line = NULL;
	fclose(f);
	f = NULL;
	if (!nonzero || !k->n)  /* kptr_restrict hides addresses: print them bare */
		goto fail;
	qsort_r(k->syms, k->n, sizeof(*k->syms), ksym_cmp, k->strs);
	for (size_t r = 0; r < k->n; r++) {
		if (w && k->syms[w - 1].addr == k->syms[r].addr)
			continue;
		k->syms[w++] = k->syms[r];
	}
	k->n = w;
	for (size_t i = 0; i < k->n; i++) {
		ksym *s = &k->syms[i];
		uint64_t gap = i + 1 < k->n ? k->syms[i + 1].addr - s->addr : 4096;
		if (i + 1 < k->n && k->syms[i + 1].mod != s->mod && gap > 4096)
			gap = 4096;
		s->size = gap;
	}
	k->state = 1;
	return;
fail:
	free(line);
	if (f)
		fclose(f);
	ktab_clear(k);
	k->state = -1;
}

static const ksym *ktab_find(const ktab *k, uint64_t pc)
{
	size_t lo = 0, hi = k->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->syms[mid].addr <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	const ksym *s = &k->syms[lo - 1];
	return pc - s->addr < s->size ? s : NULL;
}

/* ---- user processes ---- */

static const Dwfl_Callbacks proc_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

/* A hash of the file mappings of pid (anonymous ones left out, so that a
 * JIT's or allocator's churn does not count); 0 if the process is gone. */
static uint64_t maps_sig(int32_t pid)
{
	char path[64], line[1024];
	uint64_t h = 14695981039346656037ULL;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if (!(f = fopen(path, "re")))
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strchr(line, '/') && !strchr(line, '['))
			continue;
		for (const char *c = line; *c; c++)
			h = (h ^ (uint8_t)*c) * 1099511628211ULL;
	}
	fclose(f);
	return h ? h : 1;
}

/* A Dwfl with every file mapped by pid reported; NULL if the process is
 * gone (or its maps are unreadable). */
static Dwfl *proc_report(int32_t pid)
{
	Dwfl *d = dwfl_begin(&proc_callbacks);
	int r;

	if (!d)
		return NULL;
	dwfl_report_begin(d);
	r = dwfl_linux_proc_report(d, pid);
	if (dwfl_report_end(d, NULL, NULL) != 0 || r != 0) {
		dwfl_end(d);
		return NULL;
	}
	return d;
}

static uproc *proc_lookup(rt_stacks *st, int32_t pid)
{
	for (uproc *p = st->procs[(uint32_t)pid % NPROCBUCKETS]; p; p = p->next)
		if (p->pid == pid)
			return p;
	return NULL;
}

static void proc_unlink(rt_stacks *st, uproc *p)
{
	for (uproc **pp = &st->procs[(uint32_t)p->pid % NPROCBUCKETS]; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			st->nprocs--;
			uproc_free(p);  /* its cache entries die with its generation */
			return;
		}
	}
}

/* Drop the least recently used process when MAXPROCS are held (a system-
 * wide ustack() sees many processes; each Dwfl holds its files open). */
static void proc_evict(rt_stacks *st)
{
	uproc *lru = NULL;

	for (int i = 0; i < NPROCBUCKETS; i++)
		for (uproc *p = st->procs[i]; p; p = p->next)
			if (!lru || p->used < lru->used)
				lru = p;
	if (lru)
		proc_unlink(st, lru);
}

/* pid's process, reported on first use. */
static uproc *proc_get(rt_stacks *st, int32_t pid)
{
	uproc *p = proc_lookup(st, pid);

	if (p) {
		p->used = ++st->tick;
		return p;
	}
	if (st->nprocs >= MAXPROCS)
		proc_evict(st);
	if (!(p = calloc(1, sizeof(*p))))
		return NULL;
	p->used = ++st->tick;
	p->pid = pid;
	p->gen = ++st->gen;
	p->sig = maps_sig(pid);
	p->proc.d = proc_report(pid);
	p->refreshed = now_ns();
	p->next = st->procs[(uint32_t)pid % NPROCBUCKETS];
	st->procs[(uint32_t)pid % NPROCBUCKETS] = p;
	st->nprocs++;
	return p;
}

/* Report pid again if it mapped files since (or was not there at the
 * last try): looked at most once a second; keeps the old Dwfl if the
 * process is gone. True if refreshed. */
static bool proc_refresh(rt_stacks *st, uproc *p)
{
	uint64_t now = now_ns(), sig;
	Dwfl *d;

	if (now - p->refreshed < REFRESH_NS)
		return false;
	p->refreshed = now;
	sig = maps_sig(p->pid);
	if (!sig || (sig == p->sig && p->proc.d) || !(d = proc_report(p->pid)))
		return false;
	p->sig = sig;
	udwfl_set(&p->proc, d);
	p->gen = ++st->gen;
	return true;
}

static const Dwfl_Callbacks rec_callbacks = {
	.find_elf = rt_maps_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

/* A Dwfl of the files perf saw pid map; NULL if none could be reported. */
static Dwfl *rec_report(rt_stacks *st, int32_t pid)
{
	Dwfl *d = dwfl_begin(&rec_callbacks);
	int n;

	if (!d)
		return NULL;
	dwfl_report_begin(d);
	n = rt_maps_report(st->maps, pid, d);
	if (dwfl_report_end(d, NULL, NULL) != 0 || n <= 0) {
		dwfl_end(d);
		return NULL;
	}
	return d;
}

void rt_stacks_remapped(rt_stacks *st, int32_t pid)
{
	uproc *p = proc_lookup(st, pid);

	if (p)  /* "no module" answers were cached too */
		p->gen = ++st->gen;
}

void rt_stacks_forget(rt_stacks *st, int32_t pid)
{
	uproc *p;

	if (!st)
		return;
	if (pid == 0) {  /* the kernel: modules may have come and gone */
		ktab_clear(&st->k);
		st->kgen = ++st->gen;
		return;
	}
	if ((p = proc_lookup(st, pid)))
		proc_unlink(st, p);
}

/* ---- resolving a pc ---- */

static scache *cache_slot(rt_stacks *st, int32_t pid, uint64_t pc)
{
	uint64_t h = (pc ^ ((uint64_t)(uint32_t)pid << 32)) * 0x9e3779b97f4a7c15ULL;

	return &st->cache[h >> 51];  /* 13 bits: NSCACHE */
}

_Static_assert(NSCACHE == 1 << 13, "cache_slot takes 13 bits");

/* The name DTrace prints for a module: its file's basename; libdwfl's
 * "[vdso: PID]" is the maps file's "[vdso]". */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	if (strncmp(path, "[vdso", 5) == 0)
		return "[vdso]";
	return s ? s + 1 : path;
}

/* The module mapped at pc, or NULL. dwfl_addrmodule alone is not enough:
 * libdwfl 0.188 can answer with the module below a hole in the address
 * space (an anonymous mapping after a library's last segment). */
static Dwfl_Module *addr_module(Dwfl *d, uint64_t pc, const char **name)
{
	Dwfl_Module *m = d ? dwfl_addrmodule(d, pc) : NULL;
	Dwarf_Addr lo = 0, hi = 0;
	const char *n;

	if (!m)
		return NULL;
	n = dwfl_module_info(m, NULL, &lo, &hi, NULL, NULL, NULL, NULL);
	if (pc < lo || pc >= hi)
		return NULL;
	if (name)
		*name = n;
	return m;
}

/* The module holding pc in p's address space and, in *u, the Dwfl it is
 * in: the one from /proc/PID/maps (read again if it lacks pc), else the
 * one from the recorded mappings when they hold pc (built again whenever
 * they changed). NULL if neither has pc. Either rebuild starts a new
 * generation of p's cached symbols. */
static Dwfl_Module *find_module(rt_stacks *st, uproc *p, uint64_t pc, udwfl **u, const char **name)
{
	Dwfl_Module *m = addr_module(p->proc.d, pc, name);
	uint64_t ver;

	if (!m && proc_refresh(st, p))
		m = addr_module(p->proc.d, pc, name);
	if (m) {
		*u = &p->proc;
		return m;
	}
	if (!(ver = rt_maps_covers(st->maps, p->pid, pc)))
		return NULL;
	if (ver != p->recver) {
		udwfl_set(&p->rec, rec_report(st, p->pid));
		p->recver = ver;
		p->gen = ++st->gen;
	}
	if ((m = addr_module(p->rec.d, pc, name)))
		*u = &p->rec;
	return m;
}

static void resolve_user(rt_stacks *st, uproc *p, uint64_t pc, scache *e)
{
	const char *name, *mname = NULL;
	udwfl *u;
	Dwfl_Module *m = find_module(st, p, pc, &u, &mname);
	GElf_Off off = 0;
	GElf_Sym sym;

	e->gen = p->gen;
	if (!m)
		return;
	e->mod = mname ? base_name(mname) : NULL;
	name = dwfl_module_addrinfo(m, pc, &off, &sym, NULL, NULL, NULL);
	if (name && *name && *name != '@') {
		e->name = name;
		e->namelen = (int)strcspn(name, "@");
		e->symaddr = pc - off;
	}
}

/* What pc is in pid's address space (pid 0: the kernel); never NULL. */
static const scache *resolve(rt_stacks *st, int32_t pid, uint64_t pc)
{
	static scache none;
	scache *e = cache_slot(st, pid, pc);
	uproc *p = NULL;
	uint32_t gen;

	if (pid == 0) {
		if (st->k.state == 0)
			ktab_load(&st->k);
		if (st->k.state < 0)
			return &none;
		gen = st->kgen;
	} else {
		if (!(p = proc_get(st, pid)))
			return &none;
		gen = p->gen;
	}
	if (e->gen == gen && e->pid == pid && e->pc == pc)
		return e;
	memset(e, 0, sizeof(*e));
	e->pc = pc;
	e->pid = pid;
	if (pid == 0) {
		const ksym *s = ktab_find(&st->k, pc);
		e->gen = gen;
		if (s) {
			e->mod = st->k.strs + st->k.mods[s->mod];
			e->name = st->k.strs + s->name;
			e->namelen = (int)strlen(e->name);
			e->symaddr = s->addr;
		}
	} else {
		resolve_user(st, p, pc, e);
	}
	return e;
}

/* libstdc++'s demangler (C++ ABI), which gives the readable name of a
 * mangled one, malloc'ed; loaded at the first mangled name, as most runs
 * print none and linking libstdc++ costs every start. NULL if absent. */
typedef char *demangle_fn(const char *mangled, char *buf, size_t *len, int *status);
static demangle_fn *demangler(void)
{
	static demangle_fn *fn;
	static int tried;

	if (!tried) {
		void *h = dlopen("libstdc++.so.6", RTLD_NOW | RTLD_LOCAL);
		tried = 1;
		if (h)
			*(void **)&fn = dlsym(h, "__cxa_demangle");
	}
	return fn;
}

/* module`symbol[+0xoff], module`0xpc or 0xpc; the offset only with_off
 * and when pc is past the symbol's start. */
static const char *sym_string(const scache *e, uint64_t pc, int with_off, char *buf, size_t len)
{
	char mangled[1024], *plain = NULL;
	const char *name = e->name;
	int namelen = e->namelen, status;

	if (name && namelen > 2 && name[0] == '_' && name[1] == 'Z' && namelen < (int)sizeof(mangled)) {
		/* C++: shapes::Circle::area(double) const, not _ZNK6shapes6Circle4areaEd */
		snprintf(mangled, sizeof(mangled), "%.*s", namelen, name);
		demangle_fn *dm = demangler();
		if (dm && (plain = dm(mangled, NULL, NULL, &status)) && status == 0) {
			name = plain;
			namelen = (int)strlen(plain);
		}
	}
	if (e->mod && name && with_off && pc > e->symaddr)
		snprintf(buf, len, "%s`%.*s+0x%" PRIx64, e->mod, namelen, name, pc - e->symaddr);
	else if (e->mod && name)
		snprintf(buf, len, "%s`%.*s", e->mod, namelen, name);
	else if (e->mod)
		snprintf(buf, len, "%s`0x%" PRIx64, e->mod, pc);
	else
		snprintf(buf, len, "0x%" PRIx64, pc);
	free(plain);
	return buf;
}

/* dt_print_stack / dt_print_ustack: "+0x.." only when pc is past the
 * symbol's start; the module alone when it has no symbol for pc. */
const char *rt_stacks_sym(rt_stacks *st, int32_t pid, uint64_t pc, char *buf, size_t len)
{
	return sym_string(resolve(st, pid, pc), pc, 1, buf, len);
}

const char *rt_stacks_mod(rt_stacks *st, int32_t pid, uint64_t pc, char *buf, size_t len)
{
	const scache *e = resolve(st, pid, pc);

	/* dt_print_mod / dt_print_umod */
	if (e->mod)
		snprintf(buf, len, "%s", e->mod);
	else
		snprintf(buf, len, "0x%" PRIx64, pc);
	return buf;
}

/* dt_print_sym; dt_print_usym rounds pc down to its symbol, then
 * dtrace_uaddr2str prints the same three forms */
const char *rt_stacks_func(rt_stacks *st, int32_t pid, uint64_t pc, char *buf, size_t len)
{
	return sym_string(resolve(st, pid, pc), pc, 0, buf, len);
}

/* ---- unwinding ---- */

/* Index in the sampled register array of perf register r (the kernel writes
 * the registers of the mask in bit order); -1 if the mask lacks it. */
static int preg(int r)
{
	if (!((RT_USTACK_REGS >> r) & 1))
		return -1;
	return __builtin_popcountll(RT_USTACK_REGS & ((1ULL << r) - 1));
}

static uint64_t reg(const uint64_t *regs, int r)
{
	int i = preg(r);

	return i < 0 ? 0 : regs[i];
}

static pid_t thr_next(Dwfl *dwfl, void *arg, void **targ)
{
	uproc *p = arg;

	(void)dwfl;
	if (*targ)
		return 0;
	*targ = p;
	return p->pid;
}

static bool thr_get(Dwfl *dwfl, pid_t tid, void *arg, void **targ)
{
	(void)dwfl;
	(void)tid;
	*targ = arg;
	return true;
}

/* Memory outside the sampled stack: the file image of the module mapped
 * there (text, .rodata, .eh_frame ...), never the live process. */
static bool elf_mem(Dwfl *dwfl, uint64_t addr, Dwarf_Word *out)
{
	Dwfl_Module *m = addr_module(dwfl, addr, NULL);
	GElf_Addr bias;
	Elf *elf;
	char *raw;
	size_t rawsz, nph;

	if (!m || !(elf = dwfl_module_getelf(m, &bias)) || !(raw = elf_rawfile(elf, &rawsz)) ||
	    elf_getphdrnum(elf, &nph) != 0)
		return false;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		uint64_t va = addr - bias;
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (va < ph.p_vaddr || ph.p_filesz < 8 || va - ph.p_vaddr > ph.p_filesz - 8)
			continue;
		uint64_t off = ph.p_offset + (va - ph.p_vaddr);
		if (off > rawsz || rawsz - off < 8)
			return false;
		memcpy(out, raw + off, 8);
		return true;
	}
	return false;
}

static bool thr_mem(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *out, void *arg)
{
	uproc *p = arg;

	if (p->stack && p->size >= 8 && addr >= p->sp && addr - p->sp <= p->size - 8) {
		memcpy(out, p->stack + (addr - p->sp), 8);
		return true;
	}
	return elf_mem(dwfl, addr, out);
}

/* perf's sampled registers as x86_64 DWARF registers 0-16:
 * rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip. */
static bool thr_regs(Dwfl_Thread *thr, void *arg)
{
	static const int map[17] = {
		PERF_REG_X86_AX, PERF_REG_X86_DX, PERF_REG_X86_CX, PERF_REG_X86_BX,
		PERF_REG_X86_SI, PERF_REG_X86_DI, PERF_REG_X86_BP, PERF_REG_X86_SP,
		PERF_REG_X86_R8, PERF_REG_X86_R9, PERF_REG_X86_R10, PERF_REG_X86_R11,
		PERF_REG_X86_R12, PERF_REG_X86_R13, PERF_REG_X86_R14, PERF_REG_X86_R15,
		PERF_REG_X86_IP,
	};
	uproc *p = arg;
	Dwarf_Word d[17];

	if (!p->regs)
		return false;
	for (int i = 0; i < 17; i++)
		d[i] = reg(p->regs, map[i]);
	if (!dwfl_thread_state_registers(thr, 0, 17, d))
		return false;
	dwfl_thread_state_register_pc(thr, d[16]);
	return true;
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = thr_next,
	.get_thread = thr_get,
	.memory_read = thr_mem,
	.set_initial_registers = thr_regs,
};

typedef struct walk {
	uint64_t *pcs;
	int n, max;
} walk;

static int walk_frame(Dwfl_Frame *f, void *arg)
{
	walk *w = arg;
	Dwarf_Addr pc;

	if (!dwfl_frame_pc(f, &pc, NULL) || pc == 0)
		return DWARF_CB_ABORT;
	w->pcs[w->n++] = pc;
	return w->n < w->max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

/* Without the process's files (it is gone): follow saved frame pointers
 * inside the sampled stack, which finds callers of code built with them. */
static int fp_walk(const uint64_t *regs, const uint8_t *stack, size_t size, uint64_t *pcs, int max)
{
	uint64_t sp = reg(regs, PERF_REG_X86_SP), bp = reg(regs, PERF_REG_X86_BP);
	int n = 0;

	pcs[n++] = reg(regs, PERF_REG_X86_IP);
	while (n < max && stack && bp >= sp && !(bp & 7) && size >= 16 && bp - sp <= size - 16) {
		uint64_t next, ret;
		memcpy(&next, stack + (bp - sp), 8);
		memcpy(&ret, stack + (bp - sp) + 8, 8);
		if (!ret)
			break;
		pcs[n++] = ret;
		if (next <= bp)
			break;
		bp = next;
	}
	return n;
}

/* As perf report --call-graph dwarf does with libdw: a Dwfl per process
 * (reported from /proc/PID/maps, or from the mappings perf recorded when
 * those lack the sampled ip; each attached once to the callbacks above), and
 * per sample dwfl_getthread_frames() from the sampled registers, reading the
 * sampled stack copy and the modules' file images. Callers pass the regs
 * that follow a PERF_SAMPLE_REGS_USER abi word that is not
 * PERF_SAMPLE_REGS_ABI_NONE (a kernel thread has no user registers), and as
 * size the sample's dyn_size (the bytes the kernel really copied), not the
 * requested RT_USTACK_DUMP. */
int rt_stacks_unwind(rt_stacks *st, int32_t pid, const uint64_t *regs, const uint8_t *stack,
		     size_t size, uint64_t *pcs, int max)
{
	uint64_t ip;
	uproc *p;
	udwfl *u;
	walk w = { pcs, 0, max };

	if (!st || !regs || !pcs || max <= 0 || !(ip = reg(regs, PERF_REG_X86_IP)))
		return 0;
	if (pid <= 0 || !(p = proc_get(st, pid)))
		return fp_walk(regs, stack, size, pcs, max);
	/* the Dwfl holding ip; with none (JIT code, the vDSO of a process that
	 * is gone), the live process's, whose unwinder may still get out */
	if (!find_module(st, p, ip, &u, NULL))
		u = &p->proc;
	if (!u->d)
		return fp_walk(regs, stack, size, pcs, max);
	if (!u->attached && !u->noattach) {
		if (dwfl_attach_state(u->d, NULL, pid, &thread_callbacks, p))
			u->attached = true;
		else
			u->noattach = true;
	}
	if (!u->attached)
		return fp_walk(regs, stack, size, pcs, max);
	p->regs = regs;
	p->stack = stack;
	p->size = stack ? size : 0;
	p->sp = reg(regs, PERF_REG_X86_SP);
	dwfl_getthread_frames(u->d, pid, walk_frame, &w);
	p->regs = NULL;
	p->stack = NULL;
	if (w.n == 0)
		pcs[w.n++] = ip;
	return w.n;
}

/* ---- printing ---- */

/*
 * How DTrace prints a stack (Oracle dtrace-utils libdtrace/dt_consume.c
 * dt_print_stack() and dt_print_ustack(); illumos is the same):
 *
 *  - it first prints "\n", so the frames start on the line after whatever
 *    preceded them (the probe's "CPU ID FUNCTION:NAME" columns in trace()
 *    output, nothing or the previous key in an aggregation);
 *  - then each frame as dt_printf("%*s", indent, "") followed by the frame
 *    and "\n"; indent is the stackindent option, default 14
 *    (_dtrace_stkindent in dt_open.c);
 *  - frames stop at the first pc 0;
 *  - a frame is "module`function+0xoff", or "module`function" when pc is the
 *    symbol's first byte, "module`0xpc" with no symbol, "0xpc" with no module;
 *  - nothing follows the last frame. The blank line seen after a stack in
 *    trace() output is the end-of-record "\n" dtrace(1) prints for every
 *    probe firing when not quiet (chewrec() with rec == NULL); as an
 *    aggregation key the value follows on the next line (dt_print_aggs:
 *    " %16lld" for count(), then "\n"), and printa() prints one "\n" before
 *    the first key. So the caller prints those, not this function.
 *
 * perf callchains carry context markers (PERF_CONTEXT_KERNEL, _USER ...,
 * all >= PERF_CONTEXT_MAX); they are skipped here.
 */
void rt_stacks_print(rt_stacks *st, FILE *out, int32_t pid, const uint64_t *pcs, int n,
		     int indent)
{
	rt_stacks_print_width(st, out, pid, pcs, n, indent, 0);
}

void rt_stacks_print_width(rt_stacks *st, FILE *out, int32_t pid, const uint64_t *pcs, int n,
			   int indent, int width)
{
	char buf[1024];

	fputc('\n', out);
	for (int i = 0; i < n && pcs[i] != 0; i++) {
		if (pcs[i] >= (uint64_t)PERF_CONTEXT_MAX)
			continue;
		fprintf(out, "%*s%*s\n", indent, "", width,
			rt_stacks_sym(st, pid, pcs[i], buf, sizeof(buf)));
	}
}

uint64_t rt_stacks_func_start(rt_stacks *st, int32_t pid, uint64_t pc)
{
	const scache *e = resolve(st, pid, pc);

	return e->name && e->symaddr ? e->symaddr : pc;
}
