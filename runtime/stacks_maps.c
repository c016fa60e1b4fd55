/* The executable file mappings of processes as perf reports them (MMAP2,
 * FORK and exec COMM records, in timestamp order with the samples), so that
 * the user stacks of a process that has exited are still unwound and
 * symbolized from its files: a table of processes, each a small array of
 * mappings naming interned file names, bounded by evicting the processes
 * touched least recently. */
#include "runtime/stacks_maps.h"
#include "runtime/stacks.h"

#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NPBUCKETS 4096     /* process hash buckets */
#define NFBUCKETS 1024     /* file name hash buckets */
#define MAXPROCS 4096      /* processes kept */
#define MAXENTS (1 << 18)  /* mappings kept in all (32 bytes each: 8 MB) */
#define MAXPERPROC 4096    /* mappings of one process; its oldest go first */
#define PAGE 4096ULL       /* x86_64, as is the unwinder */

/* A file name, shared by every mapping of the file. */
typedef struct mfile {
	struct mfile *next;   /* hash chain */
	uint32_t hash;
	uint32_t refs;        /* mappings naming it */
	char path[];
} mfile;

/* [start, end) maps file from offset pgoff. */
typedef struct mapping {
	uint64_t start, end, pgoff;
	mfile *file;
} mapping;

/* One process: its mappings (never overlapping, in the order mapped). */
typedef struct mproc {
	int32_t pid;
	uint32_t n, cap;
	uint64_t ver;                 /* rt_maps.ver when the mappings last changed */
	mapping *maps;
	struct mproc *next;           /* hash chain */
	struct mproc *newer, *older;  /* recency list */
} mproc;

struct rt_maps {
	mproc *procs[NPBUCKETS];
	mproc *newest, *oldest;
	uint32_t nprocs, nents;
	uint64_t ver;                 /* last version handed out */
	mfile *files[NFBUCKETS];
};

rt_maps *rt_maps_new(void)
{
	return calloc(1, sizeof(rt_maps));
}

/* ---- interned file names ---- */

static mfile *file_get(rt_maps *m, const char *path)
{
	uint32_t h = 2166136261u;
	size_t len;
	mfile *f;

	for (len = 0; path[len]; len++)
		h = (h ^ (uint8_t)path[len]) * 16777619u;
	for (f = m->files[h % NFBUCKETS]; f; f = f->next) {
		if (f->hash == h && strcmp(f->path, path) == 0) {
			f->refs++;
			return f;
		}
	}
	if (!(f = malloc(sizeof(*f) + len + 1)))
		return NULL;
	f->hash = h;
	f->refs = 1;
	memcpy(f->path, path, len + 1);
	f->next = m->files[h % NFBUCKETS];
	m->files[h % NFBUCKETS] = f;
	return f;
}

static void file_put(rt_maps *m, mfile *f)
{
	if (--f->refs)
		return;
	for (mfile **pp = &m->files[f->hash % NFBUCKETS]; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
	free(f);
}

/* ---- processes ---- */

static uint32_t pid_slot(int32_t pid)
{
	return ((uint32_t)pid * 2654435761u) >> 20;  /* 12 bits: NPBUCKETS */
}

_Static_assert(NPBUCKETS == 1 << 12, "pid_slot takes 12 bits");

static mproc *proc_find(rt_maps *m, int32_t pid)
{
	for (mproc *p = m->procs[pid_slot(pid)]; p; p = p->next)
		if (p->pid == pid)
			return p;
	return NULL;
}

static void lru_unlink(rt_maps *m, mproc *p)
{
	if (p->newer)
		p->newer->older = p->older;
	else
		m->newest = p->older;
	if (p->older)
		p->older->newer = p->newer;
	else
		m->oldest = p->newer;
	p->newer = p->older = NULL;
}

static void lru_push(rt_maps *m, mproc *p)
{
	p->newer = NULL;
	p->older = m->newest;
	if (m->newest)
		m->newest->newer = p;
	else
		m->oldest = p;
	m->newest = p;
}

static void touch(rt_maps *m, mproc *p)
{
	if (m->newest != p) {
		lru_unlink(m, p);
		lru_push(m, p);
	}
}

static void proc_drop(rt_maps *m, mproc *p)
{
	for (mproc **pp = &m->procs[pid_slot(p->pid)]; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	lru_unlink(m, p);
	for (uint32_t i = 0; i < p->n; i++)
		file_put(m, p->maps[i].file);
	m->nents -= p->n;
	m->nprocs--;
	free(p->maps);
	free(p);
}

/* Drop the processes touched least recently, all but keep, while more
 * processes or mappings are held than the bounds allow. A process that
 * still runs loses nothing: /proc/PID/maps has its mappings. */
static void evict(rt_maps *m, const mproc *keep)
{
	while ((m->nprocs > MAXPROCS || m->nents > MAXENTS) && m->oldest && m->oldest != keep)
		proc_drop(m, m->oldest);
}

/* A new process without mappings, the most recently touched. */
static mproc *proc_add(rt_maps *m, int32_t pid)
{
	mproc *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->pid = pid;
	p->next = m->procs[pid_slot(pid)];
	m->procs[pid_slot(pid)] = p;
	lru_push(m, p);
	m->nprocs++;
	return p;
}

static bool reserve(mproc *p, uint32_t n)
{
	uint32_t cap = p->cap ? p->cap : 8;
	mapping *q;

	if (n <= p->cap)
		return true;
	while (cap < n)
		cap *= 2;
	if (!(q = realloc(p->maps, cap * sizeof(*q))))
		return false;
	p->maps = q;
	p->cap = cap;
	return true;
}

/* Cut [start, end) out of p's mappings: the kernel replaced what was
 * mapped there. A mapping around it keeps its two ends. */
static void unmap(rt_maps *m, mproc *p, uint64_t start, uint64_t end)
{
	mapping tail = { 0 };
	uint32_t w = 0;

	for (uint32_t r = 0; r < p->n; r++) {
		mapping e = p->maps[r];
		if (e.end <= start || e.start >= end) {
			p->maps[w++] = e;
			continue;
		}
		if (e.start < start && e.end > end) {
			tail = e;
			tail.pgoff += end - e.start;
			tail.start = end;
		}
		if (e.start < start) {
			e.end = start;
		} else if (e.end > end) {
			e.pgoff += end - e.start;
			e.start = end;
		} else {
			file_put(m, e.file);
			m->nents--;
			continue;
		}
		p->maps[w++] = e;
	}
	p->n = w;
	/* at most one mapping holds [start, end) whole: they never overlap */
	if (tail.file && reserve(p, p->n + 1)) {
		tail.file->refs++;
		p->maps[p->n++] = tail;
		m->nents++;
	}
}

void rt_stacks_mmap(rt_stacks *st, int32_t pid, uint64_t start, uint64_t len, uint64_t pgoff,
		    const char *file)
{
	uint64_t end = start + len;
	rt_maps *m;
	mproc *p;
	mfile *f;

	if (!st || pid <= 0 || !file || !*file || !len || end < start)
		return;
	m = rt_stacks_maps(st);
	if (!(p = proc_find(m, pid)) && !(p = proc_add(m, pid)))
		return;
	touch(m, p);
	unmap(m, p, start, end);
	p->ver = ++m->ver;
	rt_stacks_remapped(st, pid);
	if (p->n >= MAXPERPROC) {
		file_put(m, p->maps[0].file);
		memmove(p->maps, p->maps + 1, (p->n - 1) * sizeof(*p->maps));
		p->n--;
		m->nents--;
	}
	if (!reserve(p, p->n + 1) || !(f = file_get(m, file)))
		return;
	p->maps[p->n++] = (mapping){ start, end, pgoff, f };
	m->nents++;
	evict(m, p);
}

void rt_stacks_fork(rt_stacks *st, int32_t pid, int32_t ppid)
{
	rt_maps *m;
	mproc *c, *pp;

	if (!st || pid <= 0)
		return;
	rt_stacks_forget(st, pid);  /* a pid used again: its old process's symbols */
	m = rt_stacks_maps(st);
	if ((c = proc_find(m, pid)))
		proc_drop(m, c);
	if (!(pp = proc_find(m, ppid)) || !pp->n)
		return;
	touch(m, pp);
	if (!(c = proc_add(m, pid)))
		return;
	if (!reserve(c, pp->n)) {
		proc_drop(m, c);
		return;
	}
	memcpy(c->maps, pp->maps, pp->n * sizeof(*c->maps));
	c->n = pp->n;
	for (uint32_t i = 0; i < c->n; i++)
		c->maps[i].file->refs++;
	m->nents += c->n;
	c->ver = ++m->ver;
	evict(m, c);
}

void rt_stacks_exec(rt_stacks *st, int32_t pid)
{
	rt_maps *m;
	mproc *p;

	if (!st || pid <= 0)
		return;
	rt_stacks_forget(st, pid);  /* its Dwfls describe the old image */
	m = rt_stacks_maps(st);
	if ((p = proc_find(m, pid)))
		proc_drop(m, p);
}

void rt_maps_free(rt_maps *m)
{
	if (!m)
		return;
	while (m->oldest)
		proc_drop(m, m->oldest);
	free(m);
}

uint64_t rt_maps_covers(rt_maps *m, int32_t pid, uint64_t pc)
{
	mproc *p = m ? proc_find(m, pid) : NULL;

	if (!p)
		return 0;
	for (uint32_t i = 0; i < p->n; i++) {
		if (pc >= p->maps[i].start && pc < p->maps[i].end) {
			touch(m, p);
			return p->ver;
		}
	}
	return 0;
}

/* ---- reporting to libdwfl ---- */

/* A regular file (not a device an open could disturb) opened read-only. */
static int open_file(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return -1;
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* Where the ELF file open as fd lies in the address space that maps it as
 * e: [*lo, *hi) as libdwfl's dwfl_report_elf() spans a file, from the
 * first loadable segment's aligned start to the last one's end, plus the
 * load bias. The segment holding file offset e->pgoff (an executable one
 * if several do) landed at e->start, so bias + p_vaddr = e->start +
 * (p_offset - e->pgoff): the page offsets of p_vaddr and p_offset agree.
 * Files with fixed addresses (ET_EXEC) have no bias. False if fd is not an
 * ELF file that can map e. */
static bool file_span(int fd, const mapping *e, uint64_t *lo, uint64_t *hi)
{
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	uint64_t bias = 0, first = 0, end = 0;
	bool found = false, firstseen = false, bias_x = false;
	GElf_Ehdr eh;
	size_t nph;

	if (!elf)
		return false;
	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh) || elf_getphdrnum(elf, &nph) != 0 ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN))
		goto out;
	found = eh.e_type == ET_EXEC;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (!firstseen) {
			first = ph.p_vaddr & -ph.p_align;
			firstseen = true;
		}
		if (ph.p_vaddr + ph.p_memsz > 0)
			end = ph.p_vaddr + ph.p_memsz;
		if (eh.e_type == ET_EXEC || (found && bias_x) ||
		    e->pgoff < (ph.p_offset & ~(PAGE - 1)) || e->pgoff >= ph.p_offset + ph.p_filesz)
			continue;
		bias = e->start - e->pgoff - (ph.p_vaddr - ph.p_offset);
		found = true;
		bias_x = (ph.p_flags & PF_X) != 0;
	}
	found = found && firstseen && end > first;
	*lo = bias + first;
	*hi = bias + end;
out:
	elf_end(elf);
	return found;
}

int rt_maps_report(rt_maps *m, int32_t pid, Dwfl *d)
{
	mproc *p = m ? proc_find(m, pid) : NULL;
	int n = 0;

	if (!p)
		return 0;
	elf_version(EV_CURRENT);
	for (uint32_t i = 0; i < p->n; i++) {
		const mapping *e = &p->maps[i];
		int fd = open_file(e->file->path);
		uint64_t lo, hi;

		if (fd < 0)
			continue;
		/* a file's other executable mappings give the same span, and
		 * libdwfl answers that report with the module it has */
		if (file_span(fd, e, &lo, &hi) && dwfl_report_module(d, e->file->path, lo, hi))
			n++;
		close(fd);
	}
	return n;
}

int rt_maps_find_elf(Dwfl_Module *mod, void **userdata, const char *name, Dwarf_Addr base,
		     char **file_name, Elf **elfp)
{
	int fd = open_file(name);
	Elf *elf;

	(void)mod, (void)userdata, (void)base;
	if (fd < 0)
		return -1;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	/* all of it mapped (or read) now: the descriptor is not needed */
	if (elf && elf_cntl(elf, ELF_C_FDREAD) != 0) {
		elf_end(elf);
		elf = NULL;
	}
	close(fd);
	if (!elf || !(*file_name = strdup(name))) {
		if (elf)
			elf_end(elf);
		return -1;
	}
	*elfp = elf;
	return -1;
}

void rt_stacks_seed(rt_stacks *st, int32_t pid)
{
	char path[64], line[4608];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	if (!st || !(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end, pgoff;
		char perms[8];
		int pos = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %*x:%*x %*u %n", &start, &end, perms, &pgoff, &pos) < 4 ||
		    !pos || line[pos] != '/' || !strchr(perms, 'x'))
			continue;
		line[pos + strcspn(line + pos, "\n")] = 0;
		rt_stacks_mmap(st, pid, start, end - start, pgoff, line + pos);
	}
	fclose(f);
}
