/* The syscall provider: entry and return probes for every system call that
 * tracefs lists (module "vmlinux"). One matched syscall attaches to its own
 * tracepoint; several attach through raw_syscalls with a kernel filter on
 * the syscall ids, since opening and closing hundreds of tracepoints costs
 * seconds. Return probes set arg0 and arg1 to the return value. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "probes/provider.h"

extern const provider prov_syscall;

typedef struct sysnr {
	const char *name;
	int nr;
} sysnr;

/* in name order (strcmp's), as build.mk lists them */
static const sysnr nrs[] = {
#define SYSCALL_NR(name, nr) { #name, nr },
#include "syscall_nr.h"
#undef SYSCALL_NR
};
#define NNRS (sizeof(nrs) / sizeof(nrs[0]))

/* x86-64 system calls the headers dtr is built with name otherwise
 * (umount is umount2's SYSCALL_DEFINE) or not at all, being newer (the
 * numbers are ABI): without a number, a syscall needs a tracepoint of its
 * own, and each costs tens of milliseconds to close (an RCU grace period
 * under the kernel's event mutex). */
static const sysnr newer[] = {
	{ "umount", 166 }, { "uretprobe", 335 }, { "uprobe", 336 },
	{ "cachestat", 451 }, { "fchmodat2", 452 }, { "map_shadow_stack", 453 },
	{ "futex_wake", 454 }, { "futex_wait", 455 }, { "futex_requeue", 456 },
	{ "statmount", 457 }, { "listmount", 458 }, { "lsm_get_self_attr", 459 },
	{ "lsm_set_self_attr", 460 }, { "lsm_list_modules", 461 }, { "mseal", 462 },
	{ "setxattrat", 463 }, { "getxattrat", 464 }, { "listxattrat", 465 },
	{ "removexattrat", 466 }, { "open_tree_attr", 467 }, { "file_getattr", 468 },
	{ "file_setattr", 469 },
};

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const sysnr *)elem)->name);
}

/* The kernel's syscall number for a tracefs syscall name, or -1. tracefs
 * names come from SYSCALL_DEFINE (newfstat, pread64 ...), unistd.h's from
 * the table (fstat, pread64 ...). */
static int nr_of(const char *name)
{
	char alt[64];

	for (int pass = 0; pass < 3; pass++) {
		const char *n = name;
		if (pass == 1) {
			if (strncmp(name, "new", 3) != 0)
				continue;
			n = name + 3;
		} else if (pass == 2) {
			size_t l = strlen(name);
			if (l < 3 || l >= sizeof(alt) || strcmp(name + l - 2, "64") != 0)
				continue;
			memcpy(alt, name, l - 2);
			alt[l - 2] = 0;
			n = alt;
		}
		const sysnr *nr = bsearch(n, nrs, NNRS, sizeof(*nrs), cmp_name);
		if (nr)
			return nr->nr;
	}
	for (size_t i = 0; i < sizeof(newer) / sizeof(newer[0]); i++)
		if (!strcmp(newer[i].name, name))
			return newer[i].nr;
	return -1;
}

#define PRIV(nr, ret) ((((long)(nr) + 1) << 1) | (ret))
#define PRIV_NR(p) (((p) >> 1) - 1)
#define PRIV_RET(p) ((p) & 1)

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list(int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		void *arg)
{
	const char *dir = prov_tracefs_dir();
	char path[4200], *names[2048], *pack = NULL;
	size_t used = 0, cap = 0;
	size_t at[2048]; /* (names[] point into pack once it is all read) */
	struct dirent *de;
	DIR *d;
	int n = 0, rc = 0;

	if (!dir)
		return -EACCES;
	/* readdir, not libtracefs's listing: that stats each of the ~700
	 * entries, a third of dtr's start-up */
	snprintf(path, sizeof(path), "%s/events/syscalls", dir);
	if (!(d = opendir(path)))
		return -errno;
	while ((de = readdir(d)) && n < 2048) {
		if (strncmp(de->d_name, "sys_enter_", 10) != 0)
			continue;
		size_t l = strlen(de->d_name + 10) + 1;
		if (cap - used < l) {
			size_t grown = cap * 2 + l + 8192;
			char *p = realloc(pack, grown);
			if (!p) {
				rc = -ENOMEM;
				break;
			}
			pack = p;
			cap = grown;
		}
		memcpy(pack + used, de->d_name + 10, l);
		at[n++] = used;
		used += l;
	}
	closedir(d);
	if (rc < 0) {
		free(pack);
		return rc;
	}
	for (int i = 0; i < n; i++)
		names[i] = pack + at[i];
	qsort(names, (size_t)n, sizeof(*names), cmp_str);
	for (int i = 0; i < n && rc == 0; i++) {
		int nr = nr_of(names[i]);
		if ((rc = add(&prov_syscall, "vmlinux", names[i], "entry", PRIV(nr, 0), arg)) == 0)
			rc = add(&prov_syscall, "vmlinux", names[i], "return", PRIV(nr, 1), arg);
	}
	free(pack);
	return rc;
}

/* Decoder state of one event source. */
typedef struct sysev {
	int ret;          /* return probes */
	int idoff;        /* raw_syscalls: offset of the id field; -1 for a single tracepoint */
	int argoff;       /* offset of args[0] (entry) or ret (return) */
	uint32_t probe;   /* single tracepoint: its probe */
	uint32_t nmap;    /* raw_syscalls: syscall number -> probe id */
	uint32_t nprobes; /* ... then the nprobes probes of the map */
	uint32_t map[];
} sysev;

static uint32_t decode(const prov_event *ev, const prov_sample *smp, prov_fire *f)
{
	const sysev *s = ev->priv;
	const uint8_t *raw = smp->raw;
	uint32_t len = smp->rawlen, probe = s->probe;
	int64_t *args = f->args;

	if (s->idoff >= 0) {
		int64_t nr;
		if ((uint32_t)s->idoff + 8 > len)
			return 0;
		memcpy(&nr, raw + s->idoff, 8);
		if (nr < 0 || (uint64_t)nr >= s->nmap)
			return 0;
		probe = s->map[nr];
	}
	if (s->ret) {
		if ((uint32_t)s->argoff + 8 <= len)
			memcpy(&args[0], raw + s->argoff, 8);
		args[1] = args[0];
		/* a failed system call returns -errno */
		if (args[0] < 0 && args[0] >= -4095)
			f->err = (int32_t)-args[0];
	} else {
		for (int i = 0; i < 6 && (uint32_t)s->argoff + 8 * (i + 1) <= len; i++)
			memcpy(&args[i], raw + s->argoff + 8 * i, 8);
	}
	return probe;
}

/* A raw_syscalls event's filter for one of its probes: its number. */
static int select_probe(const prov_event *ev, uint32_t probe, char *buf, size_t len)
{
	const sysev *s = ev->priv;

	for (uint32_t nr = 0; s->idoff >= 0 && nr < s->nmap; nr++)
		if (s->map[nr] == probe) {
			int n = snprintf(buf, len, "id == %u", nr);
			return n > 0 && (size_t)n < len ? n : -1;
		}
	return -1;
}

static int push_tracepoint(const char *sys, const char *event, sysev *s, char *filter,
			   int (*push)(prov_event *, void *), void *arg, char *err, size_t errlen)
{
	prov_event ev;
	int id = prov_tracefs_event_id(sys, event), sz;

	if (id < 0 || prov_tracefs_field(sys, event, s->idoff >= 0 ? (s->ret ? "ret" : "args") :
					 (s->ret ? "ret" : "__syscall_nr"), &s->argoff, &sz) < 0) {
		snprintf(err, errlen, "cannot read tracepoint %s:%s: %s", sys, event,
			 strerror(id < 0 ? -id : ENOENT));
		free(s);
		free(filter);
		return id < 0 ? id : -ENOENT;
	}
	if (s->idoff >= 0 && prov_tracefs_field(sys, event, "id", &s->idoff, &sz) < 0) {
		snprintf(err, errlen, "tracepoint %s:%s has no id field", sys, event);
		free(s);
		free(filter);
		return -ENOENT;
	}
	if (s->idoff < 0 && !s->ret)
		s->argoff += 8; /* arguments follow __syscall_nr in 8-byte slots */
	memset(&ev, 0, sizeof(ev));
	ev.attr.type = PERF_TYPE_TRACEPOINT;
	ev.attr.config = (uint64_t)id;
	ev.sample_type = PERF_SAMPLE_RAW;
	ev.filter = filter;
	ev.has_pid_field = 1;
	ev.only_probe = s->idoff < 0 ? s->probe : 0; /* one syscall's own tracepoint */
	ev.raw_is_args = 1;
	if (s->idoff >= 0 && filter) {
		ev.probes = s->map + s->nmap;
		ev.nprobes = s->nprobes;
	}
	ev.decode = decode;
	if (ev.probes)
		ev.select = select_probe;
	ev.priv = s;
	ev.free_priv = free;
	snprintf(ev.desc, sizeof(ev.desc), "%s:%s", sys, event);
	int rc = push(&ev, arg);
	if (rc < 0) {
		free(s);
		free(filter);
	}
	return rc;
}

/* A filter on the syscall id admitting exactly the numbers set in want
 * (of n), as ranges; NULL when it would be too long for the kernel (the
 * decoder then drops the rest). */
static char *id_filter(const uint8_t *want, int n)
{
	size_t cap = 4000, len = 0;
	char *f = malloc(cap);

	if (!f)
		return NULL;
	f[0] = 0;
	for (int i = 0; i < n; i++) {
		if (!want[i])
			continue;
		int j = i;
		while (j + 1 < n && want[j + 1])
			j++;
		int w = j == i ? snprintf(f + len, cap - len, "%sid == %d", len ? " || " : "", i)
			       : snprintf(f + len, cap - len, "%s(id >= %d && id <= %d)",
					  len ? " || " : "", i, j);
		if (w < 0 || (size_t)w >= cap - len) {
			free(f);
			return NULL;
		}
		len += (size_t)w;
		i = j;
	}
	return f;
}

static int attach_dir(const prov_probe *const *probes, int n, int ret,
		      int (*push)(prov_event *, void *), void *arg, char *err, size_t errlen)
{
	const char *dir = ret ? "exit" : "enter";
	char event[128];
	int nraw = 0, maxnr = 0, rc;

	for (int i = 0; i < n; i++) {
		int nr = (int)PRIV_NR(probes[i]->priv);
		if (PRIV_RET(probes[i]->priv) != ret)
			continue;
		if (nr >= 0)
			nraw++;
		if (nr > maxnr)
			maxnr = nr;
	}
	for (int i = 0; i < n; i++) {
		const prov_probe *p = probes[i];
		if (PRIV_RET(p->priv) != ret || (PRIV_NR(p->priv) >= 0 && nraw > 1))
			continue;
		/* a single syscall, or one whose number we don't know: its own tracepoint */
		sysev *s = calloc(1, sizeof(*s));
		if (!s)
			return -ENOMEM;
		s->ret = ret;
		s->idoff = -1;
		s->probe = p->id;
		snprintf(event, sizeof(event), "sys_%s_%s", dir, p->func);
		if ((rc = push_tracepoint("syscalls", event, s, NULL, push, arg, err, errlen)) < 0)
			return rc;
	}
	if (nraw <= 1)
		return 0;

	uint32_t nmap = (uint32_t)maxnr + 1;
	sysev *s = calloc(1, sizeof(*s) + (nmap + (uint32_t)nraw) * sizeof(uint32_t));
	uint8_t *want = calloc(nmap + 1, 1);
	if (!s || !want) {
		free(s);
		free(want);
		return -ENOMEM;
	}
	s->ret = ret;
	s->nmap = nmap;
	for (int i = 0; i < n; i++) {
		int nr = (int)PRIV_NR(probes[i]->priv);
		if (PRIV_RET(probes[i]->priv) == ret && nr >= 0) {
			s->map[nr] = probes[i]->id;
			s->map[nmap + s->nprobes++] = probes[i]->id;
			want[nr] = 1;
		}
	}
	/* also when every syscall is wanted: raw_syscalls fires for numbers
	 * that have no tracepoint (nor probe) too */
	char *filter = id_filter(want, (int)nmap);
	free(want);
	snprintf(event, sizeof(event), "sys_%s", dir);
	return push_tracepoint("raw_syscalls", event, s, filter, push, arg, err, errlen);
}

static int attach(const prov_probe *const *probes, int n, int (*push)(prov_event *, void *),
		  void *arg, char *err, size_t errlen)
{
	int rc = attach_dir(probes, n, 0, push, arg, err, errlen);
	return rc < 0 ? rc : attach_dir(probes, n, 1, push, arg, err, errlen);
}

/* The tracepoints attach() surely opens, from the descriptions alone: per
 * direction, raw_syscalls' when every description of this provider names
 * no syscall (`syscall:::entry`: several, surely), the syscall's own when
 * exactly one names one syscall and no other names any. Others (a glob
 * that may match one syscall, several names, a provider glob) are not
 * sure, and are left out. */
static void surely(const prov_desc *d, int n, void (*warm)(const char *, const char *, void *),
		   void *arg)
{
	static const char *const dirs[2] = { "entry", "return" };

	for (int ret = 0; ret < 2; ret++) {
		const char *one = NULL; /* the one syscall named, if any */
		int wide = 0;
		for (int i = 0; i < n; i++) {
			if (!prov_glob(d[i].name, dirs[ret]) || !prov_glob(d[i].mod, "vmlinux") ||
			    !prov_glob(d[i].prov, "syscall"))
				continue; /* none of these probes (BEGIN, pid123:::entry ...) */
			if (strcmp(d[i].prov, "syscall") != 0)
				return; /* `:::entry`, `sys*:::` ... */
			if (!*d[i].func || !strcmp(d[i].func, "*"))
				wide = 1;
			else if (strpbrk(d[i].func, "*?[\\") || (one && strcmp(one, d[i].func)))
				return;
			else
				one = d[i].func;
		}
		char event[128];
		if (wide && !one)
			warm("raw_syscalls", ret ? "sys_exit" : "sys_enter", arg);
		else if (one && !wide && snprintf(event, sizeof(event), "sys_%s_%s", ret ? "exit" : "enter",
						     one) < (int)sizeof(event))
			warm("syscalls", event, arg);
	}
}

/* args[n]: typed from the sys_enter_<name> format's fields (after
 * __syscall_nr); a return probe's args[0] and args[1] are the long result. */
static int argtype(const prov_probe *p, int n, prov_field *out)
{
	char event[128];

	if (PRIV_RET(p->priv)) {
		if (n > 1)
			return -ERANGE;
		memset(out, 0, sizeof(*out));
		out->size = 8;
		out->is_signed = 1;
		return 0;
	}
	snprintf(event, sizeof(event), "sys_enter_%s", p->func);
	return prov_tracefs_arg_info("syscalls", event, n + 1, out);
}

const provider prov_syscall = { .name = "syscall", .list = list, .attach = attach, .argtype = argtype,
				.surely = surely };
