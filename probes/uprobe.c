/* Shared machinery of the user-space providers: a process's modules from
 * /proc/PID/maps with their ELF files (opened once per path), probes made on
 * demand and remembered so each is made once, and their event sources on
 * the kernel's uprobe PMU (perf_event_open with a path and a file offset:
 * nothing outlives dtr's file descriptors), decoded from the sampled user
 * registers as the x86-64 ABI places arguments. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#include <asm/perf_regs.h>

#include "probes/uprobe.h"

/* ---- ELF files, opened once per path ---- */

typedef struct elfent {
	char *path;
	prov_elf *elf;          /* NULL: not an ELF file */
	struct elfent *next;
} elfent;

static elfent *elves;

static prov_elf *elf_of(const char *path)
{
	char err[128];

	for (elfent *e = elves; e; e = e->next)
		if (!strcmp(e->path, path))
			return e->elf;
	elfent *e = calloc(1, sizeof(*e));
	if (!e || !(e->path = strdup(path))) {
		free(e);
		return NULL;
	}
	e->elf = prov_elf_open(path, err, sizeof(err));
	e->next = elves;
	elves = e;
	return e->elf;
}

/* ---- a process's modules ---- */

static const char *basename_of(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

int prov_umods(int32_t pid, prov_umod **mods)
{
	char path[64], line[4608], exe[4096] = "";
	prov_umod *m = NULL;
	int n = 0, cap = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	ssize_t l = readlink(path, exe, sizeof(exe) - 1);
	exe[l > 0 ? l : 0] = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	*mods = NULL;
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end, pgoff, ino;
		unsigned maj, min;
		char perms[8];
		int pos = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end, perms, &pgoff, &maj,
			   &min, &ino, &pos) < 7 || !pos || line[pos] != '/' || !strchr(perms, 'x'))
			continue;
		char *file = line + pos;
		file[strcspn(file, "\n")] = 0;
		int seen = 0;
		for (int i = 0; i < n && !seen; i++)
			seen = !strcmp(m[i].path, file);
		if (seen)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			prov_umod *nm = realloc(m, (size_t)cap * sizeof(*m));
			if (!nm)
				break;
			m = nm;
		}
		/* the file as mapped: its path when that still names it, else
		 * the process's own handle on the mapping */
		struct stat st;
		char alt[128];
		const char *use = file;
		if (stat(file, &st) < 0 || st.st_ino != ino || st.st_dev != makedev(maj, min)) {
			snprintf(alt, sizeof(alt), "/proc/%d/map_files/%llx-%llx", pid, start, end);
			use = alt;
		}
		prov_umod *u = &m[n];
		u->path = strdup(use);
		u->file = strdup(file);
		if (!u->path || !u->file) {
			free(u->path);
			free(u->file);
			break;
		}
		u->is_exec = !strcmp(file, exe);
		u->elf = elf_of(u->path);
		const char *so = u->elf && !u->is_exec ? prov_elf_soname(u->elf) : "";
		u->base = *so ? so : basename_of(u->file);
		u->alias = u->is_exec ? "a.out" : strcmp(u->base, basename_of(u->file)) ? basename_of(u->file) : NULL;
		n++;
	}
	fclose(f);
	*mods = m;
	return n;
}

int prov_umod_matches(const prov_umod *m, const char *pattern)
{
	return prov_glob(pattern, m->base) || (m->alias && prov_glob(pattern, m->alias));
}

void prov_umods_free(prov_umod *mods, int n)
{
	for (int i = 0; i < n; i++) {
		free(mods[i].path);
		free(mods[i].file);
	}
	free(mods);
}

/* ---- probes made, each once ---- */

typedef struct made {
	char *key;              /* "pid/path/func/name" */
	prov_uprobe *u;
	struct made *next;
} made;

#define NMADE 4096
static made *made_tab[NMADE];

int prov_uprobe_add(const provider *pv, const char *provname, const prov_umod *m,
		    const char *func, const char *name, const prov_uprobe *u)
{
	size_t kl = strlen(provname) + strlen(m->path) + strlen(func) + strlen(name) + 4;
	char *key = malloc(kl);

	if (!key)
		return -ENOMEM;
	snprintf(key, kl, "%s/%s/%s/%s", provname, m->path, func, name);
	uint32_t h = prov_hash(key) % NMADE;
	for (made *e = made_tab[h]; e; e = e->next)
		if (!strcmp(e->key, key)) {
			free(key);
			return 0;
		}
	made *e = calloc(1, sizeof(*e));
	prov_uprobe *c = malloc(sizeof(*c));
	if (!e || !c || !(*c = *u, c->path = strdup(u->path))) {
		free(e);
		free(c);
		free(key);
		return -ENOMEM;
	}
	e->key = key;
	e->u = c;
	e->next = made_tab[h];
	made_tab[h] = e;
	long id = prov_add_probe(pv, provname, m->base, m->alias, func, name,
				 (long)(uintptr_t)c);
	return id < 0 ? (int)id : 0;
}

void prov_uprobe_unload(void)
{
	for (int i = 0; i < NMADE; i++) {
		for (made *e = made_tab[i], *nx; e; e = nx) {
			nx = e->next;
			free(e->u->path);
			free(e->u);
			free(e->key);
			free(e);
		}
		made_tab[i] = NULL;
	}
	for (elfent *e = elves, *nx; e; e = nx) {
		nx = e->next;
		prov_elf_close(e->elf);
		free(e->path);
		free(e);
	}
	elves = NULL;
}

int32_t prov_uprobe_pid_of(const char *provname, size_t *prefixlen)
{
	size_t l = strlen(provname), d = l;

	while (d > 0 && provname[d - 1] >= '0' && provname[d - 1] <= '9')
		d--;
	if (d == l || d == 0 || provname[d] == '0' || l - d > 9)
		return 0;
	if (prefixlen)
		*prefixlen = d;
	return (int32_t)atol(provname + d);
}

int prov_uprobe_decode(prov_elf *elf, uint64_t off, uint64_t size, uint8_t **code,
		       prov_insn **insns)
{
	int n = 0;

	*code = elf && size && size < (1u << 24) ? malloc(size) : NULL;
	*insns = *code ? malloc(size * sizeof(**insns)) : NULL;
	if (*insns && prov_elf_read(elf, off, *code, size) == size)
		n = prov_insn_scan(*code, size, 0, *insns, (int)size);
	return n > 0 ? n : 0;
}

/* ---- event sources ---- */

/* Every instrumented instruction of one traced process goes into one
 * tracefs uprobe event (one line each in uprobe_events, appended to the
 * same event), with an immediate fetch argument saying which point it is.
 * One perf event per CPU then serves them all, and closing it unregisters
 * them under one RCU grace period, where a perf uprobe PMU event per point
 * costs one each (~50 ms: libc's 3,000 functions would take minutes). */

typedef struct upoint {
	uint32_t probe[4];      /* the probes it fires: aliases share an address */
	int nprobe;
	uint32_t arg0;          /* return probes: the returning instruction's offset */
	uint64_t off;           /* file offset of the instruction */
	const prov_uprobe *u;
	uint16_t caps;          /* the strings it captures (args[n], bit n) */
	char fetch[10][48];     /* ... and how: a fetch argument of arg n */
} upoint;

typedef struct ugroup {
	char sys[32], event[32];
	int32_t pid;
	uint16_t ustr;          /* strings its probes capture (copyinstr(argN): bit N) */
	int created;            /* lines were written: remove the event at the end */
	uint32_t idoff;         /* where the raw record holds the point's index */
	uint32_t soff[10];      /* ... and the __data_loc of each string */
	upoint *pts;
	int npts, cap;
} ugroup;

static void group_free(void *arg)
{
	ugroup *g = arg;

	if (g->created)
		prov_dynevent_remove("uprobe_events", g->sys, g->event);
	free(g->pts);
	free(g);
}

/* perf's x86 register number as an index in prov_sample.regs, or -1. */
static int reg_index(int perfreg)
{
	if (perfreg >= PERF_REG_X86_AX && perfreg <= PERF_REG_X86_IP)
		return perfreg;
	if (perfreg >= PERF_REG_X86_R8 && perfreg <= PERF_REG_X86_R15)
		return PROV_R_R8 + (perfreg - PERF_REG_X86_R8);
	return -1;
}

/* The tracefs fetch argument that reads the user string args[k] of a hit
 * of u points to (a register, or a word in memory); 0 when it has none. */
static int fetch_of(const prov_uprobe *u, int k, char *out, size_t len)
{
	static const char *const names[PROV_NREGS] = { "ax", "bx", "cx", "dx", "si", "di", "bp", "sp",
		"ip", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
	static const int abi[6] = { PROV_R_DI, PROV_R_SI, PROV_R_DX, PROV_R_CX, PROV_R_R8, PROV_R_R9 };

	switch (u->kind) {
	case PROV_URETURN:
		return k == 1 && snprintf(out, len, "+0(%%ax)") > 0;
	case PROV_UUSDT: {
		if (k >= u->usdt.nargs)
			return 0;
		const prov_usdt_arg *a = &u->usdt.args[k];
		int r = reg_index(a->reg);
		if (a->kind == PROV_USDT_REG && r >= 0 && a->size == 8)
			return snprintf(out, len, "+0(%%%s)", names[r]) > 0;
		if (a->kind == PROV_USDT_MEM && r >= 0 && a->index < 0 && a->size == 8)
			return snprintf(out, len, "+0(%+lld(%%%s))", (long long)a->disp, names[r]) > 0;
		return 0;
	}
	default:
		if (k < 6)
			return snprintf(out, len, "+0(%%%s)", names[abi[k]]) > 0;
		return snprintf(out, len, "+0(+%d(%%sp))", 8 * (k - 5)) > 0;
	}
}

/* Add an instruction of probe p to the group (once per address). */
static int add_point(ugroup *g, const prov_probe *p, const prov_uprobe *u, uint64_t off, uint32_t arg0)
{
	for (int i = 0; i < g->npts; i++) {
		upoint *q = &g->pts[i];
		if (q->off == off && !strcmp(q->u->path, u->path)) {
			if (q->nprobe < 4)
				q->probe[q->nprobe++] = p->id;
			return 0;
		}
	}
	if (g->npts == g->cap) {
		int cap = g->cap ? g->cap * 2 : 64;
		upoint *n = realloc(g->pts, (size_t)cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		g->pts = n;
		g->cap = cap;
	}
	upoint *q = &g->pts[g->npts++];
	*q = (upoint){ { p->id }, 1, arg0, off, u, 0, { { 0 } } };
	for (int k = 0; k < 10; k++)
		if (g->ustr >> k & 1 && fetch_of(u, k, q->fetch[k], sizeof(q->fetch[k])))
			q->caps |= (uint16_t)(1u << k);
	return 0;
}

/* A word of user memory at addr: from the sampled stack when it lies there,
 * else read from the process now. */
static uint64_t user_word(const prov_sample *smp, uint64_t addr, int size)
{
	uint64_t v = 0, sp = smp->regs[PROV_R_SP];

	/* addr - sp, not addr + size: a corrupt record's sp near 2^64 wraps */
	if (smp->ustack && addr >= sp && smp->ustack_size >= (uint64_t)size &&
	    addr - sp <= smp->ustack_size - (uint64_t)size) {
		memcpy(&v, smp->ustack + (addr - sp), (size_t)size);
	} else {
		struct iovec l = { &v, (size_t)size }, r = { (void *)(uintptr_t)addr, (size_t)size };
		if (process_vm_readv(smp->pid, &l, 1, &r, 1, 0) != size)
			v = 0;
	}
	return v;
}

static int64_t usdt_arg(const prov_sample *smp, const prov_usdt_arg *a)
{
	uint64_t v = 0;
	int r = reg_index(a->reg), x = reg_index(a->index);

	switch (a->kind) {
	case PROV_USDT_CONST:
		return a->disp;
	case PROV_USDT_REG:
		v = r >= 0 ? smp->regs[r] >> a->shift : 0;
		break;
	case PROV_USDT_MEM:
		v = user_word(smp, (uint64_t)a->disp + (r >= 0 ? smp->regs[r] : 0) +
				   (x >= 0 ? smp->regs[x] * a->scale : 0), a->size);
		break;
	}
	if (a->size < 8) {
		int bits = a->size * 8;
		v &= (1ULL << bits) - 1;
		if (a->is_signed && (v >> (bits - 1)) & 1)
			v |= ~0ULL << bits;
	}
	return (int64_t)v;
}

static uint32_t decode(const prov_event *ev, const prov_sample *smp, prov_fire *f)
{
	static const int abi[6] = { PROV_R_DI, PROV_R_SI, PROV_R_DX, PROV_R_CX, PROV_R_R8, PROV_R_R9 };
	const ugroup *g = ev->priv;
	uint32_t id;

	if (!smp->raw || g->idoff + 4 > smp->rawlen)
		return 0;
	memcpy(&id, smp->raw + g->idoff, 4);
	if (id >= (uint32_t)g->npts)
		return 0;
	const upoint *pt = &g->pts[id];
	const prov_uprobe *u = pt->u;
	/* a pid probe is one process's: not its children's, which inherit the event */
	if (u->pid && smp->pid != u->pid)
		return 0;
	for (int i = 1; i < pt->nprobe; i++)
		f->also[i - 1] = pt->probe[i];
	for (int k = 0; k < 10; k++) {
		uint32_t dl;
		if (!(pt->caps >> k & 1) || g->soff[k] + 4 > smp->rawlen)
			continue;
		memcpy(&dl, smp->raw + g->soff[k], 4);
		/* length 0: the kernel could not read it (a fault) */
		if ((dl >> 16) && (dl & 0xffff) + (dl >> 16) <= smp->rawlen) {
			f->ustr[k] = (const char *)smp->raw + (dl & 0xffff);
			f->ustrlen[k] = (uint16_t)(dl >> 16);
		}
	}
	if (!smp->regs)
		return pt->probe[0];
	switch (u->kind) {
	case PROV_URETURN:
		f->args[0] = pt->arg0;
		f->args[1] = (int64_t)smp->regs[PROV_R_AX];
		break;
	case PROV_UUSDT:
		for (int i = 0; i < u->usdt.nargs && i < 10; i++)
			f->args[i] = usdt_arg(smp, &u->usdt.args[i]);
		break;
	default:
		for (int i = 0; i < 6; i++)
			f->args[i] = (int64_t)smp->regs[abi[i]];
		/* beyond six on the stack, above the return address */
		for (int i = 6; i < 10; i++)
			f->args[i] = (int64_t)user_word(smp, smp->regs[PROV_R_SP] + 8 * (uint64_t)(i - 5), 8);
		break;
	}
	return pt->probe[0];
}

/* Can the kernel probe the instruction at off of u's file? */
static int probeable(const prov_uprobe *u, uint64_t off)
{
	prov_elf *elf = elf_of(u->path);
	uint8_t code[16];
	size_t n = elf ? prov_elf_read(elf, off, code, sizeof(code)) : 0;

	return n == 0 || prov_insn_probeable(code, n);
}

/* The instructions of probe p: its function's entry or instruction, or each
 * one that leaves the function (return probes). Returns how many points
 * were skipped as unprobeable, or -ENOMEM. */
static int add_probe(ugroup *g, const prov_probe *p, const prov_uprobe *u)
{
	int skipped = 0;

	if (u->kind != PROV_URETURN) {
		if (u->kind != PROV_UUSDT && !probeable(u, u->off + u->insn))
			return 1;
		return add_point(g, p, u, u->off + u->insn, 0) < 0 ? -ENOMEM : 0;
	}
	uint8_t *code;
	prov_insn *in;
	int n = prov_uprobe_decode(elf_of(u->path), u->off, u->size, &code, &in), rc = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		if (in[i].kind == PROV_INSN_OTHER)
			continue;
		if (!prov_insn_probeable(code + in[i].off, u->size - in[i].off))
			skipped++;
		else
			rc = add_point(g, p, u, u->off + in[i].off, in[i].off);
	}
	free(code);
	free(in);
	return rc < 0 ? rc : skipped;
}

/* Write the group's points to uprobe_events as one event and make its
 * perf event source. */
static int push_group(ugroup *g, int (*push)(prov_event *, void *), void *arg, char *err,
		      size_t errlen)
{
	char line[4608];
	prov_field f;
	prov_event ev;
	int rc = 0, stack = 0;

	for (int i = 0; i < g->npts && rc == 0; i++) {
		const upoint *pt = &g->pts[i];
		int l = snprintf(line, sizeof(line), "p:%s/%s %s:0x%llx", g->sys, g->event, pt->u->path,
				 (unsigned long long)pt->off);
		if (pt->u->ref_ctr)
			l += snprintf(line + l, sizeof(line) - (size_t)l, "(0x%llx)",
				      (unsigned long long)pt->u->ref_ctr);
		l += snprintf(line + l, sizeof(line) - (size_t)l, " id=\\%d:u32", i);
		/* every point of an event has the same arguments: a point that has
		 * no string k reads one it ignores */
		for (int k = 0; k < 10; k++)
			if (g->ustr >> k & 1)
				l += snprintf(line + l, sizeof(line) - (size_t)l, " s%d=%s:ustring", k,
					      pt->caps >> k & 1 ? pt->fetch[k] : "+0(%sp)");
		snprintf(line + l, sizeof(line) - (size_t)l, "\n");
		rc = prov_dynevent_command("uprobe_events", line);
		g->created = 1;
		stack = pt->u->kind == PROV_UUSDT ? 512 : pt->u->kind == PROV_URETURN ? stack : 64;
	}
	int id = rc < 0 ? rc : prov_tracefs_event_id(g->sys, g->event);
	if (id < 0 || prov_tracefs_field_info(g->sys, g->event, "id", &f) < 0) {
		snprintf(err, errlen, "failed to create the uprobes of pid %d in %s: %s", g->pid,
			 "uprobe_events", strerror(id < 0 ? -id : ENOENT));
		group_free(g);
		return id < 0 ? id : -ENOENT;
	}
	g->idoff = f.offset;
	for (int k = 0; k < 10; k++) {
		char name[8];
		snprintf(name, sizeof(name), "s%d", k);
		if (g->ustr >> k & 1 && prov_tracefs_field_info(g->sys, g->event, name, &f) == 0)
			g->soff[k] = f.offset;
	}
	memset(&ev, 0, sizeof(ev));
	ev.attr.type = PERF_TYPE_TRACEPOINT;
	ev.attr.config = (uint64_t)id;
	ev.sample_type = PERF_SAMPLE_RAW | PERF_SAMPLE_REGS_USER;
	ev.stack_user = (uint32_t)stack;
	ev.regs_are_args = 1; /* decode() reads them for args[] alone */
	ev.pid = g->pid;
	ev.decode = decode;
	ev.priv = g;
	ev.free_priv = group_free;
	snprintf(ev.desc, sizeof(ev.desc), "the %d uprobes of pid %d", g->npts, g->pid);
	rc = push(&ev, arg);
	if (rc < 0) {
		group_free(g);
		snprintf(err, errlen, "out of memory");
	}
	return rc;
}

int prov_uprobe_attach(const prov_probe *const *probes, int n, int (*push)(prov_event *, void *),
		       void *arg, char *err, size_t errlen)
{
	static int nevents;
	ugroup **groups = NULL;
	int ngroups = 0, skipped = 0, rc = 0;

	if (!prov_tracefs_dir()) {
		snprintf(err, errlen, "%s provider unavailable: tracefs is not mounted",
			 n ? probes[0]->provname : "pid");
		return -ENODEV;
	}
	static int cleaned;
	if (!cleaned++)
		prov_dynevent_remove_stale("uprobe_events");
	for (int i = 0; i < n && rc >= 0; i++) {
		const prov_uprobe *u = (const prov_uprobe *)(uintptr_t)probes[i]->priv;
		ugroup *g = NULL;
		uint16_t ustr = prov_ustrargs(probes[i]->id);
		for (int k = 0; k < ngroups && !g; k++)
			if (groups[k]->pid == u->pid && groups[k]->ustr == ustr)
				g = groups[k];
		if (!g) {
			ugroup **ng = realloc(groups, (size_t)(ngroups + 1) * sizeof(*ng));
			if (!ng || !(g = calloc(1, sizeof(*g)))) {
				if (ng)
					groups = ng;
				rc = -ENOMEM;
				break;
			}
			groups = ng;
			groups[ngroups++] = g;
			g->pid = u->pid;
			g->ustr = ustr;
			snprintf(g->sys, sizeof(g->sys), "dtr_%d", (int)getpid());
			snprintf(g->event, sizeof(g->event), "u%d", nevents++);
		}
		rc = add_probe(g, probes[i], u);
		if (rc > 0)
			skipped += rc;
	}
	if (skipped > 0)
		fprintf(stderr, "dtr: %d instruction%s not probed: uprobes cannot trap there "
			"(lock-prefixed, AVX or system instructions)\n", skipped, skipped == 1 ? "" : "s");
	int k = 0;
	for (; rc >= 0 && k < ngroups; k++)
		if (groups[k]->npts)
			rc = push_group(groups[k], push, arg, err, errlen);
		else
			group_free(groups[k]);
	for (; k < ngroups; k++)
		group_free(groups[k]);
	free(groups);
	if (rc == -ENOMEM && !err[0])
		snprintf(err, errlen, "out of memory");
	return rc < 0 ? rc : 0;
}
