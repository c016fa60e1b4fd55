/* ELF objects for the user-space providers: function symbols (with the
 * build-id debuginfo file of a stripped object), address-to-offset mapping
 * through PT_LOAD, and the USDT probes of .note.stapsdt with their argument
 * specifications decoded into perf register numbers. */
#include <asm/perf_regs.h>
#include <byteswap.h>
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/elfsym.h"

#define DEBUGDIR "/usr/lib/debug/.build-id"
#define NT_STAPSDT 3

/* Strings owned by a prov_elf: bump allocation in chunks, freed at close. */
typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	char buf[];
} chunk;

typedef struct segment {
	uint64_t vaddr, memsz, off;
} segment;

typedef struct symrec {
	prov_elfsym s;
	uint8_t rank; /* binding preference among aliases: 2 global, 1 weak, 0 local */
} symrec;

/* The address index: maxend is the largest addr + size of this entry and
 * all below it, so a lookup knows when no lower symbol can reach. */
typedef struct addrent {
	uint64_t addr, maxend;
	int sym;
} addrent;

struct prov_elf {
	int fd;
	int is_dyn;
	chunk *strs;
	segment *segs;
	int nsegs;
	symrec *syms;
	int nsyms, capsyms;
	addrent *byaddr;  /* the symbols by address */
	prov_usdtnote *usdt;
	int nusdt, capusdt;
	const char *buildid;
	const char *soname;   /* DT_SONAME, "" when none */
};

static void seterr(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

/* A NUL-terminated copy of s[0..n) owned by e, or NULL when out of memory. */
static const char *intern(prov_elf *e, const char *s, size_t n)
{
	chunk *c = e->strs;
	char *p;

	if (!c || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > 65536 ? n + 1 : 65536;
		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		/* a string too big for a fresh standard chunk goes behind the
		 * current one, so the current one keeps filling */
		if (cap > 65536 && e->strs) {
			c->next = e->strs->next;
			e->strs->next = c;
		} else {
			c->next = e->strs;
			e->strs = c;
		}
	}
	p = c->buf + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* ---- segments ---- */

static int load_segments(prov_elf *e, Elf *elf)
{
	size_t n, i;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &n) < 0)
		return 0;
	e->segs = calloc(n ? n : 1, sizeof(*e->segs));
	if (!e->segs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		e->segs[e->nsegs++] = (segment){ ph.p_vaddr, ph.p_memsz, ph.p_offset };
	}
	return 0;
}

uint64_t prov_elf_addr_to_off(const prov_elf *e, uint64_t addr)
{
	int i;

	for (i = 0; i < e->nsegs; i++) {
		const segment *s = &e->segs[i];
		if (addr >= s->vaddr && addr - s->vaddr < s->memsz)
			return addr - s->vaddr + s->off;
	}
	return UINT64_MAX;
}

/* ---- sections and notes ---- */

/* The section's data, decompressed when SHF_COMPRESSED; NULL if none. */
static Elf_Data *section_data(Elf_Scn *scn, GElf_Shdr *sh)
{
	if (sh->sh_type == SHT_NOBITS)
		return NULL;
	if ((sh->sh_flags & SHF_COMPRESSED) && elf_compress(scn, 0, 0) < 0)
		return NULL;
	return elf_getdata(scn, NULL);
}

static const char *section_name(Elf *elf, GElf_Shdr *sh)
{
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx) < 0)
		return NULL;
	return elf_strptr(elf, shstrndx, sh->sh_name);
}

/* Call fn on each note of data (a translated SHT_NOTE section or PT_NOTE
 * segment) with its owner name and descriptor. */
typedef int (*note_fn)(prov_elf *e, Elf *elf, const GElf_Nhdr *nh, const char *owner,
		       const uint8_t *desc, void *arg);

static int walk_notes(prov_elf *e, Elf *elf, Elf_Data *data, note_fn fn, void *arg)
{
	size_t off = 0, next, name_off, desc_off;
	GElf_Nhdr nh;
	int rc;

	while (off < data->d_size &&
	       (next = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		const char *owner = (const char *)data->d_buf + name_off;
		if (nh.n_namesz == 0 || owner[nh.n_namesz - 1] != '\0')
			owner = "";
		rc = fn(e, elf, &nh, owner, (const uint8_t *)data->d_buf + desc_off, arg);
		if (rc)
			return rc;
		off = next;
	}
	return 0;
}

static int note_buildid(prov_elf *e, Elf *elf, const GElf_Nhdr *nh, const char *owner,
			const uint8_t *desc, void *arg)
{
	char hex[2 * 64 + 1];
	size_t i, n = nh->n_descsz;

	(void)elf;
	(void)arg;
	if (e->buildid[0] || nh->n_type != NT_GNU_BUILD_ID || strcmp(owner, "GNU") != 0 || n == 0)
		return 0;
	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", desc[i]);
	e->buildid = intern(e, hex, 2 * n);
	return e->buildid ? 0 : -ENOMEM;
}

/* The build-id note, from a note section or else a PT_NOTE segment. */
static int load_buildid(prov_elf *e, Elf *elf)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Phdr ph;
	Elf_Data *data;
	size_t n, i;
	int rc;

	while ((scn = elf_nextscn(elf, scn)) && !e->buildid[0]) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		data = section_data(scn, &sh);
		if (data && (rc = walk_notes(e, elf, data, note_buildid, NULL)))
			return rc;
	}
	if (e->buildid[0] || elf_getphdrnum(elf, &n) < 0)
		return 0;
	for (i = 0; i < n && !e->buildid[0]; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_NOTE)
			continue;
		data = elf_getdata_rawchunk(elf, (int64_t)ph.p_offset, ph.p_filesz,
					    ph.p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR);
		if (data && (rc = walk_notes(e, elf, data, note_buildid, NULL)))
			return rc;
	}
	return 0;
}

/* ---- symbols ---- */

static int bind_rank(int bind)
{
	return bind == STB_GLOBAL || bind == STB_GNU_UNIQUE ? 2 : bind == STB_WEAK ? 1 : 0;
}

static int add_sym(prov_elf *e, const char *name, const GElf_Sym *sym)
{
	symrec *r;

	if (e->nsyms == e->capsyms) {
		int cap = e->capsyms ? 2 * e->capsyms : 256;
		symrec *n = realloc(e->syms, (size_t)cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		e->syms = n;
		e->capsyms = cap;
	}
	r = &e->syms[e->nsyms];
	/* "memcpy@@GLIBC_2.14" and "memcpy@GLIBC_2.2.5" are both memcpy */
	r->s.name = intern(e, name, strcspn(name, "@"));
	if (!r->s.name)
		return -ENOMEM;
	r->s.addr = sym->st_value;
	r->s.size = sym->st_size;
	r->s.off = prov_elf_addr_to_off(e, sym->st_value);
	r->rank = (uint8_t)bind_rank(GELF_ST_BIND(sym->st_info));
	e->nsyms++;
	return 0;
}

/* The defined functions of one symbol table section. */
static int load_symtab(prov_elf *e, Elf *elf, Elf_Scn *scn, GElf_Shdr *sh)
{
	Elf_Data *data = section_data(scn, sh);
	size_t i, n;
	GElf_Sym sym;
	int rc;

	if (!data || !sh->sh_entsize)
		return 0;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 1; i < n; i++) {
		const char *name;
		int type;

		if (!gelf_getsym(data, (int)i, &sym))
			break;
		type = GELF_ST_TYPE(sym.st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) || sym.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		if ((rc = add_sym(e, name, &sym)))
			return rc;
	}
	return 0;
}

/* Every symbol table of elf of the given type (SHT_SYMTAB or SHT_DYNSYM,
 * 0 for both); *found tells whether there was one. */
static int load_symtabs(prov_elf *e, Elf *elf, unsigned type, int *found)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	int rc;

	*found = 0;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM))
			continue;
		if (type && sh.sh_type != type)
			continue;
		if (sh.sh_type == SHT_SYMTAB)
			*found = 1;
		if ((rc = load_symtab(e, elf, scn, &sh)))
			return rc;
	}
	return 0;
}

/* The .symtab of the debuginfo file named by the build-id, if installed. */
static int load_debuginfo(prov_elf *e)
{
	char path[sizeof(DEBUGDIR) + 2 * 64 + 16];
	Elf *elf;
	int fd, found, rc = 0;

	if (strlen(e->buildid) < 4)
		return 0;
	snprintf(path, sizeof(path), "%s/%.2s/%s.debug", DEBUGDIR, e->buildid, e->buildid + 2);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && elf_kind(elf) == ELF_K_ELF)
		rc = load_symtabs(e, elf, SHT_SYMTAB, &found);
	elf_end(elf);
	close(fd);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	const symrec *x = a, *y = b;
	int c = strcmp(x->s.name, y->s.name);

	if (c)
		return c;
	if (x->s.addr != y->s.addr)
		return x->s.addr < y->s.addr ? -1 : 1;
	/* among duplicates the first is kept: the sized, the most global */
	if (x->s.size != y->s.size)
		return x->s.size > y->s.size ? -1 : 1;
	return (int)y->rank - (int)x->rank;
}

static int cmp_addr(const void *a, const void *b)
{
	const addrent *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->sym - y->sym;
}

/* Sort by name and address, drop duplicates, build the address index. */
static int index_syms(prov_elf *e)
{
	int i, n = 0;
	uint64_t maxend = 0;

	if (e->nsyms)
		qsort(e->syms, (size_t)e->nsyms, sizeof(*e->syms), cmp_name);
	for (i = 0; i < e->nsyms; i++) {
		if (n && e->syms[n - 1].s.addr == e->syms[i].s.addr &&
		    strcmp(e->syms[n - 1].s.name, e->syms[i].s.name) == 0)
			continue;
		e->syms[n++] = e->syms[i];
	}
	e->nsyms = n;
	e->byaddr = malloc((size_t)(n ? n : 1) * sizeof(*e->byaddr));
	if (!e->byaddr)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		e->byaddr[i] = (addrent){ .addr = e->syms[i].s.addr, .sym = i };
	if (n)
		qsort(e->byaddr, (size_t)n, sizeof(*e->byaddr), cmp_addr);
	for (i = 0; i < n; i++) {
		const prov_elfsym *s = &e->syms[e->byaddr[i].sym].s;
		uint64_t end = s->addr + s->size < s->addr ? UINT64_MAX : s->addr + s->size;
		if (end > maxend)
			maxend = end;
		e->byaddr[i].maxend = maxend;
	}
	return 0;
}

int prov_elf_nsyms(const prov_elf *e)
{
	return e->nsyms;
}

const prov_elfsym *prov_elf_sym(const prov_elf *e, int i)
{
	return i >= 0 && i < e->nsyms ? &e->syms[i].s : NULL;
}

const prov_elfsym *prov_elf_sym_at(const prov_elf *e, uint64_t addr)
{
	const symrec *best = NULL;
	int lo = 0, hi = e->nsyms, j, score, bestscore = -1;
	uint64_t top;

	/* lo: the number of symbols at or below addr */
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (e->byaddr[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	top = e->byaddr[lo - 1].addr;
	/* walk down while a symbol could still hold addr: the aliases at
	 * top (sized ones holding addr first, then unsized ones), else the
	 * nearest lower symbol whose size reaches addr */
	for (j = lo - 1; j >= 0; j--) {
		const symrec *r = &e->syms[e->byaddr[j].sym];
		if (best && r->s.addr != best->s.addr)
			break;
		if (r->s.addr != top && e->byaddr[j].maxend <= addr)
			break;
		if (r->s.size && addr - r->s.addr < r->s.size)
			score = 4 + r->rank;
		else if (!r->s.size && r->s.addr == top)
			score = r->rank;
		else
			continue;
		if (score > bestscore) {
			best = r;
			bestscore = score;
		}
	}
	return best ? &best->s : NULL;
}

/* ---- USDT argument specifications ---- */

/* x86-64 register names as GNU as spells them, with perf's numbers. */
static const struct reg {
	const char *name;
	int8_t reg;
	uint8_t width, shift;
} regs[] = {
#define GPR(q, d, w, b, R)                                                              \
	{ q, PERF_REG_X86_##R, 8, 0 }, { d, PERF_REG_X86_##R, 4, 0 },                  \
		{ w, PERF_REG_X86_##R, 2, 0 }, { b, PERF_REG_X86_##R, 1, 0 }
	GPR("rax", "eax", "ax", "al", AX),
	GPR("rbx", "ebx", "bx", "bl", BX),
	GPR("rcx", "ecx", "cx", "cl", CX),
	GPR("rdx", "edx", "dx", "dl", DX),
	GPR("rsi", "esi", "si", "sil", SI),
	GPR("rdi", "edi", "di", "dil", DI),
	GPR("rbp", "ebp", "bp", "bpl", BP),
	GPR("rsp", "esp", "sp", "spl", SP),
	GPR("r8", "r8d", "r8w", "r8b", R8),
	GPR("r9", "r9d", "r9w", "r9b", R9),
	GPR("r10", "r10d", "r10w", "r10b", R10),
	GPR("r11", "r11d", "r11w", "r11b", R11),
	GPR("r12", "r12d", "r12w", "r12b", R12),
	GPR("r13", "r13d", "r13w", "r13b", R13),
	GPR("r14", "r14d", "r14w", "r14b", R14),
	GPR("r15", "r15d", "r15w", "r15b", R15),
#undef GPR
	{ "ah", PERF_REG_X86_AX, 1, 8 },
	{ "bh", PERF_REG_X86_BX, 1, 8 },
	{ "ch", PERF_REG_X86_CX, 1, 8 },
	{ "dh", PERF_REG_X86_DX, 1, 8 },
	{ "rip", PERF_REG_X86_IP, 8, 0 },
};

/* reg := '%' name; s points past the '%', n is the name's length. */
static const struct reg *find_reg(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (strlen(regs[i].name) == n && memcmp(regs[i].name, s, n) == 0)
			return &regs[i];
	return NULL;
}

/* A register operand of an address: a 64-bit register; %rip only as a
 * base. Advances *p past it. */
static const struct reg *addr_reg(const char **p, int base)
{
	const char *s = *p;
	size_t n;
	const struct reg *r;

	if (*s != '%')
		return NULL;
	s++;
	n = strcspn(s, ",)");
	r = find_reg(s, n);
	if (!r || r->width != 8 || (!base && r->reg == PERF_REG_X86_IP))
		return NULL;
	*p = s + n;
	return r;
}

/* number := ['-' | '+'] (decimal | 0x hex | 0 octal); advances *p. */
static int number(const char **p, int64_t *v)
{
	const char *s = *p;
	char *end;
	int neg = 0;
	unsigned long long u;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	u = strtoull(s, &end, 0);
	if (errno)
		return -1;
	*v = neg ? (int64_t)(0 - (uint64_t)u) : (int64_t)u;
	*p = end;
	return 0;
}

/* Decode one argument specification:
 *	arg     := [['-'] size '@'] operand         size := 1 | 2 | 4 | 8
 *	operand := '%' reg                          register
 *	         | '$' number                       constant
 *	         | [disp] '(' [base] [',' index [',' scale]] ')'
 *	         | number                           absolute address
 *	disp    := number | symbol                  (a symbol only before (%rip))
 * A specification without a size (version 1 notes) is a signed 8-byte
 * value. A symbolic displacement, a segment prefix or a register we have
 * no perf number for (xmm, fs) is not decoded: -1. */
int prov_usdt_parse_arg(const char *spec, prov_usdt_arg *out)
{
	const char *p = spec, *at = strchr(spec, '@');
	const struct reg *r;
	int64_t v;
	int sym = 0;

	*out = (prov_usdt_arg){ .size = 8, .is_signed = 1, .reg = -1, .index = -1, .scale = 1 };
	if (at) {
		out->is_signed = *p == '-';
		if (*p == '-')
			p++;
		if (at - p != 1 || (*p != '1' && *p != '2' && *p != '4' && *p != '8'))
			return -1;
		out->size = (uint8_t)(*p - '0');
		p = at + 1;
	}
	if (*p == '%') {
		r = find_reg(p + 1, strlen(p + 1));
		if (!r)
			return -1;
		out->kind = PROV_USDT_REG;
		out->reg = r->reg;
		out->shift = r->shift;
		return 0;
	}
	if (*p == '$') {
		p++;
		if (number(&p, &v) || *p)
			return -1;
		out->kind = PROV_USDT_CONST;
		out->disp = v;
		return 0;
	}
	/* memory: [disp] '(' [base] [',' index [',' scale]] ')', or disp alone */
	out->kind = PROV_USDT_MEM;
	if (*p != '(') {
		if (number(&p, &out->disp) < 0) {
			if (*p != '_' && *p != '.' && !isalpha((unsigned char)*p))
				return -1;
			sym = 1;
			p += strcspn(p, "(");
		}
		if (!*p)
			return sym ? -1 : 0;
	}
	if (*p++ != '(')
		return -1;
	if (*p == '%') {
		if (!(r = addr_reg(&p, 1)))
			return -1;
		out->reg = r->reg;
	}
	if (*p == ',') {
		p++;
		if (!(r = addr_reg(&p, 0)) || r->reg == PERF_REG_X86_SP)
			return -1;
		out->index = r->reg;
		if (*p == ',') {
			p++;
			if (*p != '1' && *p != '2' && *p != '4' && *p != '8')
				return -1;
			out->scale = (uint8_t)(*p++ - '0');
		}
	}
	if (*p++ != ')' || *p)
		return -1;
	if ((out->reg < 0 && out->index < 0) || (out->reg == PERF_REG_X86_IP && out->index >= 0))
		return -1;
	/* a symbol's address is the linker's to know, not the note's */
	return sym ? -1 : 0;
}

/* The space-separated specifications of s into u->args; the count, or -1
 * when one is not decoded or there are too many. */
static int parse_args(const char *s, prov_usdtnote *u)
{
	char tok[128];
	size_t len;
	int n = 0;

	for (;;) {
		s += strspn(s, " \t");
		if (!*s)
			return n;
		len = strcspn(s, " \t");
		if (n == PROV_USDT_MAXARGS || len >= sizeof(tok))
			return -1;
		memcpy(tok, s, len);
		tok[len] = '\0';
		if (prov_usdt_parse_arg(tok, &u->args[n]) < 0)
			return -1;
		n++;
		s += len;
	}
}

/* ---- USDT notes ---- */

typedef struct sdtctx {
	int is64, swap;     /* address size, file byte order not ours */
	int has_base;       /* a .stapsdt.base section, at base */
	uint64_t base;
} sdtctx;

static uint64_t note_addr(const sdtctx *c, const uint8_t *p)
{
	uint64_t v64;
	uint32_t v32;

	if (c->is64) {
		memcpy(&v64, p, 8);
		return c->swap ? bswap_64(v64) : v64;
	}
	memcpy(&v32, p, 4);
	return c->swap ? bswap_32(v32) : v32;
}

/* desc := pc base semaphore provider '\0' name '\0' args '\0' */
static int note_usdt(prov_elf *e, Elf *elf, const GElf_Nhdr *nh, const char *owner,
		     const uint8_t *desc, void *arg)
{
	const sdtctx *c = arg;
	size_t asz = c->is64 ? 8 : 4;
	const char *prov, *name, *args, *end, *z;
	uint64_t pc, base, sem;
	prov_usdtnote *u;

	(void)elf;
	if (nh->n_type != NT_STAPSDT || strcmp(owner, "stapsdt") != 0 || nh->n_descsz < 3 * asz + 2)
		return 0;
	prov = (const char *)desc + 3 * asz;
	end = (const char *)desc + nh->n_descsz;
	if (!(z = memchr(prov, '\0', (size_t)(end - prov))) || (name = z + 1) >= end ||
	    !(z = memchr(name, '\0', (size_t)(end - name))))
		return 0;
	args = z + 1;
	if (args < end && !memchr(args, '\0', (size_t)(end - args)))
		return 0;
	if (args >= end)
		args = "";
	pc = note_addr(c, desc);
	base = note_addr(c, desc + asz);
	sem = note_addr(c, desc + 2 * asz);
	/* prelink may have moved the object: the note's base says where
	 * .stapsdt.base was when the note was written */
	if (c->has_base)
		pc += c->base - base;

	if (e->nusdt == e->capusdt) {
		int cap = e->capusdt ? 2 * e->capusdt : 16;
		prov_usdtnote *n = realloc(e->usdt, (size_t)cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		e->usdt = n;
		e->capusdt = cap;
	}
	u = &e->usdt[e->nusdt];
	memset(u, 0, sizeof(*u));
	u->provider = intern(e, prov, strlen(prov));
	u->name = intern(e, name, strlen(name));
	u->argstr = intern(e, args, strlen(args));
	if (!u->provider || !u->name || !u->argstr)
		return -ENOMEM;
	u->addr = pc;
	u->off = prov_elf_addr_to_off(e, pc);
	u->sem_addr = sem;
	u->sem_off = sem ? prov_elf_addr_to_off(e, sem) : 0;
	u->nargs = parse_args(args, u);
	if (u->nargs < 0)
		memset(u->args, 0, sizeof(u->args));
	e->nusdt++;
	return 0;
}

static int load_usdt(prov_elf *e, Elf *elf, const GElf_Ehdr *eh)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	Elf_Data *data;
	const char *name;
	int ours = BYTE_ORDER == LITTLE_ENDIAN ? ELFDATA2LSB : ELFDATA2MSB;
	sdtctx c = {
		.is64 = eh->e_ident[EI_CLASS] == ELFCLASS64,
		.swap = eh->e_ident[EI_DATA] != ours,
	};
	int rc;

	while ((scn = elf_nextscn(elf, scn))) {
		if (gelf_getshdr(scn, &sh) && (name = section_name(elf, &sh)) &&
		    strcmp(name, ".stapsdt.base") == 0) {
			c.has_base = 1;
			c.base = sh.sh_addr;
			break;
		}
	}
	scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		data = section_data(scn, &sh);
		if (data && (rc = walk_notes(e, elf, data, note_usdt, &c)))
			return rc;
	}
	return 0;
}

int prov_elf_nusdt(const prov_elf *e)
{
	return e->nusdt;
}

const prov_usdtnote *prov_elf_usdt(const prov_elf *e, int i)
{
	return i >= 0 && i < e->nusdt ? &e->usdt[i] : NULL;
}

/* ---- the object ---- */

/* DT_SONAME of the dynamic section, if the object has one. */
static int load_soname(prov_elf *e, Elf *elf)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNAMIC)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		GElf_Dyn dyn;
		for (size_t i = 0; d && sh.sh_entsize && i < sh.sh_size / sh.sh_entsize; i++) {
			if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag != DT_SONAME)
				continue;
			const char *s = elf_strptr(elf, sh.sh_link, dyn.d_un.d_val);
			if (s && !(e->soname = intern(e, s, strlen(s))))
				return -ENOMEM;
			return 0;
		}
	}
	return 0;
}

prov_elf *prov_elf_open(const char *path, char *err, size_t errlen)
{
	prov_elf *e;
	Elf *elf;
	GElf_Ehdr eh;
	struct stat st;
	int fd, found = 0, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		seterr(err, errlen, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0)
		rc = errno;
	else
		rc = S_ISDIR(st.st_mode) ? EISDIR : S_ISREG(st.st_mode) ? 0 : -1;
	if (rc) {
		seterr(err, errlen, rc > 0 ? strerror(rc) : "not a regular file");
		close(fd);
		return NULL;
	}
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		seterr(err, errlen, "not an ELF file");
		elf_end(elf);
		close(fd);
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		seterr(err, errlen, strerror(ENOMEM));
		elf_end(elf);
		close(fd);
		return NULL;
	}
	e->fd = fd;
	e->is_dyn = eh.e_type == ET_DYN;
	e->buildid = e->soname = "";
	rc = load_segments(e, elf);
	rc = rc ?: load_soname(e, elf);
	rc = rc ?: load_buildid(e, elf);
	rc = rc ?: load_symtabs(e, elf, 0, &found);
	rc = rc ?: (found ? 0 : load_debuginfo(e));
	rc = rc ?: index_syms(e);
	rc = rc ?: load_usdt(e, elf, &eh);
	elf_end(elf);
	if (rc) {
		seterr(err, errlen, strerror(-rc));
		prov_elf_close(e);
		return NULL;
	}
	return e;
}

void prov_elf_close(prov_elf *e)
{
	chunk *c, *next;

	if (!e)
		return;
	for (c = e->strs; c; c = next) {
		next = c->next;
		free(c);
	}
	close(e->fd);
	free(e->segs);
	free(e->syms);
	free(e->byaddr);
	free(e->usdt);
	free(e);
}

int prov_elf_is_dyn(const prov_elf *e)
{
	return e->is_dyn;
}

const char *prov_elf_soname(const prov_elf *e)
{
	return e->soname;
}

const char *prov_elf_buildid(const prov_elf *e)
{
	return e->buildid;
}

size_t prov_elf_read(const prov_elf *e, uint64_t off, void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len && off + done <= (uint64_t)INT64_MAX && off + done >= off) {
		n = pread(e->fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return done;
}
