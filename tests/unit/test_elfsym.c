/* Unit tests of probes/elfsym.c: this test binary's own function symbols
 * and USDT probes (placed below with <sys/sdt.h>), libc's symbols through
 * its build-id debuginfo, the .stapsdt.base adjustment on a patched copy,
 * argument specification decoding, and open errors. */
#include <criterion/criterion.h>
#include <asm/perf_regs.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sys/sdt.h>

#include "probes/elfsym.h"

/* ---- what the tests look for in this binary ---- */

__attribute__((noinline, noclone, used)) int elfsym_test_target_fn(int x);
__attribute__((noinline, noclone, used)) int elfsym_test_target_fn(int x)
{
	return x * 7 + 3;
}

/* A probe with a semaphore: <sys/sdt.h> gives every probe of a file one
 * when _SDT_HAS_SEMAPHORES is defined before it is included, so this file
 * keeps the default (no semaphore) and switches for this probe alone. */
unsigned short dtrtest_withsem_semaphore __attribute__((section(".probes"), used));
volatile int elfsym_test_global = 5;

__attribute__((noipa, used)) long elfsym_test_usdt_site(int a, long b, unsigned char c);
__attribute__((noipa, used)) long elfsym_test_usdt_site(int a, long b, unsigned char c)
{
	volatile int onstack = a;

	DTRACE_PROBE2(dtrtest, probe__two, a, b);
	STAP_PROBE2(dtrtest, constant, 42, -7);
	STAP_PROBE1(dtrtest, onstack, onstack);
	STAP_PROBE1(dtrtest, global, elfsym_test_global);
	STAP_PROBE12(dtrtest, twelve, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
#undef _SDT_SEMAPHORE
#define _SDT_SEMAPHORE(p, n) _SDT_ASM_1(_SDT_ASM_ADDR p##_##n##_semaphore)
	STAP_PROBE1(dtrtest, withsem, c);
#undef _SDT_SEMAPHORE
#define _SDT_SEMAPHORE(p, n) _SDT_ASM_1(_SDT_ASM_ADDR 0)
	return a + b + c;
}

/* ---- fixtures ---- */

static prov_elf *tel_open(const char *path)
{
	char err[256] = "";
	prov_elf *e = prov_elf_open(path, err, sizeof(err));

	cr_assert_not_null(e, "open %s: %s", path, err);
	return e;
}

typedef struct tel_obj {
	uintptr_t addr;
	uintptr_t bias;
	int found;
} tel_obj;

static int tel_phdr_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	tel_obj *o = arg;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
		if (ph->p_type == PT_LOAD && o->addr >= lo && o->addr < lo + ph->p_memsz) {
			o->bias = info->dlpi_addr;
			o->found = 1;
			return 1;
		}
	}
	return 0;
}

/* The load bias of the object holding addr. */
static uintptr_t tel_bias(const void *addr)
{
	tel_obj o = { .addr = (uintptr_t)addr };

	dl_iterate_phdr(tel_phdr_cb, &o);
	cr_assert(o.found, "no object holds %p", addr);
	return o.bias;
}

/* Where file offset off of path is mapped in this process, as a uprobe
 * at off would find it; 0 when it is not. */
static uintptr_t tel_mapped(const char *path, uint64_t off)
{
	char line[4096], file[4096];
	uint64_t lo, hi, moff;
	uintptr_t at = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	cr_assert_not_null(f);
	while (!at && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64 " %*s %*s %4095s", &lo, &hi,
			   &moff, file) == 4 &&
		    strcmp(file, path) == 0 && off >= moff && off - moff < hi - lo)
			at = (uintptr_t)(lo + (off - moff));
	}
	fclose(f);
	return at;
}

/* The path of the libc this process runs, from /proc/self/maps. */
static void tel_libc(char *path, size_t len)
{
	char line[4096], *p;
	FILE *f = fopen("/proc/self/maps", "r");

	cr_assert_not_null(f);
	path[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "/libc.so.6") || !(p = strchr(line, '/')))
			continue;
		p[strcspn(p, "\n")] = '\0';
		snprintf(path, len, "%s", p);
		break;
	}
	fclose(f);
	cr_assert(path[0], "libc.so.6 not in /proc/self/maps");
}

/* The first symbol named name (they are sorted by name), or NULL; *count
 * gets how many there are. */
static const prov_elfsym *tel_sym(const prov_elf *e, const char *name, int *count)
{
	const prov_elfsym *first = NULL;
	int i, n = 0;

	for (i = 0; i < prov_elf_nsyms(e); i++) {
		const prov_elfsym *s = prov_elf_sym(e, i);
		if (strcmp(s->name, name) == 0) {
			first = first ? first : s;
			n++;
		}
	}
	if (count)
		*count = n;
	return first;
}

/* The one probe provider:name. */
static const prov_usdtnote *tel_usdt(const prov_elf *e, const char *provider, const char *name)
{
	const prov_usdtnote *found = NULL;
	int i, n = 0;

	for (i = 0; i < prov_elf_nusdt(e); i++) {
		const prov_usdtnote *u = prov_elf_usdt(e, i);
		if (strcmp(u->provider, provider) == 0 && strcmp(u->name, name) == 0) {
			found = u;
			n++;
		}
	}
	cr_assert_eq(n, 1, "%s:%s found %d times", provider, name, n);
	return found;
}

/* The file named by /proc/self/exe, copied to a temporary file. */
static void tel_copy_self(char *path, size_t len)
{
	char buf[65536];
	ssize_t n;
	int in = open("/proc/self/exe", O_RDONLY), out;

	snprintf(path, len, "/tmp/dtr-elfsym-XXXXXX");
	out = mkstemp(path);
	cr_assert(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(out, buf, (size_t)n), n);
	cr_assert_eq(n, 0);
	close(in);
	close(out);
}

/* ---- errors ---- */

Test(elfsym, open_missing_file)
{
	char err[128] = "";

	cr_assert_null(prov_elf_open("/nonexistent/dtr/elfsym", err, sizeof(err)));
	cr_expect_str_eq(err, "No such file or directory");
	cr_assert_null(prov_elf_open("/nonexistent/dtr/elfsym", NULL, 0));
}

Test(elfsym, open_not_elf)
{
	char path[64], err[128] = "";
	int fd;

	snprintf(path, sizeof(path), "/tmp/dtr-elfsym-XXXXXX");
	fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_null(prov_elf_open(path, err, sizeof(err)));   /* empty */
	cr_expect_str_eq(err, "not an ELF file");
	cr_assert_eq(write(fd, "hostname\n", 9), 9);
	err[0] = '\0';
	cr_assert_null(prov_elf_open(path, err, sizeof(err)));
	cr_expect_str_eq(err, "not an ELF file");
	/* ELF magic but nothing after it */
	cr_assert_eq(pwrite(fd, "\177ELF", 4, 0), 4);
	err[0] = '\0';
	cr_assert_null(prov_elf_open(path, err, sizeof(err)));
	cr_expect_str_eq(err, "not an ELF file");
	close(fd);
	unlink(path);
	if (access("/etc/hostname", R_OK) == 0) {
		err[0] = '\0';
		cr_assert_null(prov_elf_open("/etc/hostname", err, sizeof(err)));
		cr_expect_str_eq(err, "not an ELF file");
	}
}

Test(elfsym, open_directory)
{
	char err[128] = "";

	cr_assert_null(prov_elf_open("/", err, sizeof(err)));
	cr_expect_str_eq(err, "Is a directory");
}

/* ---- argument specifications ---- */

typedef struct tel_argcase {
	const char *spec;
	int rc;
	prov_usdt_arg want;
} tel_argcase;

#define A_REG(sz, sg, r, sh) { PROV_USDT_REG, sz, sg, sh, PERF_REG_X86_##r, -1, 1, 0 }
#define A_CONST(sz, sg, v) { PROV_USDT_CONST, sz, sg, 0, -1, -1, 1, v }
#define A_MEM(sz, sg, b, i, sc, d) { PROV_USDT_MEM, sz, sg, 0, b, i, sc, d }
#define R(r) PERF_REG_X86_##r
#define BAD { 0, 0, 0, 0, 0, 0, 0, 0 }

static const tel_argcase tel_args[] = {
	{ "-4@%edi", 0, A_REG(4, 1, DI, 0) },
	{ "8@%rax", 0, A_REG(8, 0, AX, 0) },
	{ "-2@%ax", 0, A_REG(2, 1, AX, 0) },
	{ "1@%al", 0, A_REG(1, 0, AX, 0) },
	{ "1@%ah", 0, A_REG(1, 0, AX, 8) },
	{ "1@%bh", 0, A_REG(1, 0, BX, 8) },
	{ "-1@%ch", 0, A_REG(1, 1, CX, 8) },
	{ "1@%dh", 0, A_REG(1, 0, DX, 8) },
	{ "1@%dl", 0, A_REG(1, 0, DX, 0) },
	{ "-1@%sil", 0, A_REG(1, 1, SI, 0) },
	{ "1@%dil", 0, A_REG(1, 0, DI, 0) },
	{ "2@%bp", 0, A_REG(2, 0, BP, 0) },
	{ "1@%spl", 0, A_REG(1, 0, SP, 0) },
	{ "8@%rsp", 0, A_REG(8, 0, SP, 0) },
	{ "4@%ebx", 0, A_REG(4, 0, BX, 0) },
	{ "8@%rcx", 0, A_REG(8, 0, CX, 0) },
	{ "4@%r8d", 0, A_REG(4, 0, R8, 0) },
	{ "8@%r9", 0, A_REG(8, 0, R9, 0) },
	{ "2@%r10w", 0, A_REG(2, 0, R10, 0) },
	{ "1@%r11b", 0, A_REG(1, 0, R11, 0) },
	{ "-8@%r12", 0, A_REG(8, 1, R12, 0) },
	{ "-4@%r13d", 0, A_REG(4, 1, R13, 0) },
	{ "8@%r14", 0, A_REG(8, 0, R14, 0) },
	{ "1@%r15b", 0, A_REG(1, 0, R15, 0) },
	{ "8@%rip", 0, A_REG(8, 0, IP, 0) },
	{ "%rdi", 0, A_REG(8, 1, DI, 0) },        /* version 1: no size */
	{ "4@$5", 0, A_CONST(4, 0, 5) },
	{ "-4@$-1", 0, A_CONST(4, 1, -1) },
	{ "8@$0x10", 0, A_CONST(8, 0, 16) },
	{ "-8@$-9223372036854775808", 0, A_CONST(8, 1, INT64_MIN) },
	{ "8@-16(%rbp)", 0, A_MEM(8, 0, R(BP), -1, 1, -16) },
	{ "-4@8(%rsp)", 0, A_MEM(4, 1, R(SP), -1, 1, 8) },
	{ "4@(%rdi)", 0, A_MEM(4, 0, R(DI), -1, 1, 0) },
	{ "8@0x20(%r12)", 0, A_MEM(8, 0, R(R12), -1, 1, 32) },
	{ "8@(%rax,%rdx,8)", 0, A_MEM(8, 0, R(AX), R(DX), 8, 0) },
	{ "8@(%rax,%rbx)", 0, A_MEM(8, 0, R(AX), R(BX), 1, 0) },
	{ "-2@-24(%rbp,%r15,2)", 0, A_MEM(2, 1, R(BP), R(R15), 2, -24) },
	{ "8@(,%rcx,4)", 0, A_MEM(8, 0, -1, R(CX), 4, 0) },
	{ "8@16(%rip)", 0, A_MEM(8, 0, R(IP), -1, 1, 16) },
	{ "8@4096", 0, A_MEM(8, 0, -1, -1, 1, 4096) },
	{ "4@counter(%rip)", -1, BAD },
	{ "4@counter+8(%rip)", -1, BAD },
	{ "8@counter", -1, BAD },
	{ "8@%fs:40", -1, BAD },
	{ "8@%fs:(%rax)", -1, BAD },
	{ "16@%xmm0", -1, BAD },
	{ "8@%xmm1", -1, BAD },
	{ "8@%st", -1, BAD },
	{ "3@%eax", -1, BAD },
	{ "8@(%eax)", -1, BAD },
	{ "8@(%rax,%rsp,2)", -1, BAD },
	{ "8@(%rax,%rdx,3)", -1, BAD },
	{ "8@(%rip,%rax,1)", -1, BAD },
	{ "8@(%rax", -1, BAD },
	{ "8@(%rax)x", -1, BAD },
	{ "8@()", -1, BAD },
	{ "8@", -1, BAD },
	{ "8@$", -1, BAD },
	{ "8@$5x", -1, BAD },
	{ "@%rax", -1, BAD },
	{ "-@%rax", -1, BAD },
	{ "", -1, BAD },
};

Test(elfsym, parse_arg_table)
{
	size_t i;

	for (i = 0; i < sizeof(tel_args) / sizeof(tel_args[0]); i++) {
		const tel_argcase *c = &tel_args[i];
		prov_usdt_arg a;
		int rc = prov_usdt_parse_arg(c->spec, &a);

		cr_expect_eq(rc, c->rc, "%s: rc %d", c->spec, rc);
		if (rc != 0 || c->rc != 0)
			continue;
		cr_expect_eq(a.kind, c->want.kind, "%s: kind %d", c->spec, a.kind);
		cr_expect_eq(a.size, c->want.size, "%s: size %d", c->spec, a.size);
		cr_expect_eq(a.is_signed, c->want.is_signed, "%s: signed %d", c->spec, a.is_signed);
		cr_expect_eq(a.shift, c->want.shift, "%s: shift %d", c->spec, a.shift);
		cr_expect_eq(a.reg, c->want.reg, "%s: reg %d", c->spec, a.reg);
		cr_expect_eq(a.index, c->want.index, "%s: index %d", c->spec, a.index);
		cr_expect_eq(a.scale, c->want.scale, "%s: scale %d", c->spec, a.scale);
		cr_expect_eq(a.disp, c->want.disp, "%s: disp %" PRId64, c->spec, a.disp);
	}
}

/* ---- this binary's symbols ---- */

Test(elfsym, self_function_symbol)
{
	prov_elf *e = tel_open("/proc/self/exe");
	const void *fn = (const void *)&elfsym_test_target_fn;
	uintptr_t bias = tel_bias(fn);
	const prov_elfsym *s;
	uint8_t file[64];
	size_t n;
	int count;

	s = tel_sym(e, "elfsym_test_target_fn", &count);
	cr_assert_not_null(s);
	cr_expect_eq(count, 1);
	cr_expect_eq(s->addr, (uint64_t)((uintptr_t)fn - bias), "addr %#" PRIx64 " want %#" PRIxPTR,
		     s->addr, (uintptr_t)fn - bias);
	cr_expect_gt(s->size, 0);
	cr_expect_eq(s->off, prov_elf_addr_to_off(e, s->addr));
	cr_assert_neq(s->off, UINT64_MAX);
	n = s->size < sizeof(file) ? (size_t)s->size : sizeof(file);
	cr_assert_eq(prov_elf_read(e, s->off, file, n), n);
	cr_expect(memcmp(file, fn, n) == 0, "file bytes differ from the code in memory");
	cr_expect_eq(elfsym_test_target_fn(1), 10);
	/* a PIE (the default) is ET_DYN; an ET_EXEC has bias 0 */
	cr_expect(prov_elf_is_dyn(e) || bias == 0);
	prov_elf_close(e);
}

Test(elfsym, self_syms_sorted_unique)
{
	prov_elf *e = tel_open("/proc/self/exe");
	int i, n = prov_elf_nsyms(e);

	cr_assert_gt(n, 100);
	cr_expect_null(prov_elf_sym(e, -1));
	cr_expect_null(prov_elf_sym(e, n));
	for (i = 0; i < n; i++) {
		const prov_elfsym *s = prov_elf_sym(e, i);
		cr_assert(s->name[0]);
		cr_expect_null(strchr(s->name, '@'), "%s", s->name);
		if (i > 0) {
			const prov_elfsym *p = prov_elf_sym(e, i - 1);
			int c = strcmp(p->name, s->name);
			cr_expect(c < 0 || (c == 0 && p->addr < s->addr),
				  "%s@%#" PRIx64 " before %s@%#" PRIx64, p->name, p->addr, s->name,
				  s->addr);
		}
	}
	/* static functions are in .symtab only */
	cr_expect_not_null(tel_sym(e, "tel_phdr_cb", NULL));
	cr_expect_not_null(tel_sym(e, "_start", NULL));
	prov_elf_close(e);
}

Test(elfsym, self_sym_at)
{
	prov_elf *e = tel_open("/proc/self/exe");
	const prov_elfsym *s = tel_sym(e, "elfsym_test_target_fn", NULL), *at;

	cr_assert_not_null(s);
	cr_expect_eq(prov_elf_sym_at(e, s->addr), s);
	cr_expect_eq(prov_elf_sym_at(e, s->addr + 1), s);
	cr_expect_eq(prov_elf_sym_at(e, s->addr + s->size - 1), s);
	at = prov_elf_sym_at(e, s->addr + s->size);
	cr_expect(at != s, "the byte after the function is not in it");
	cr_expect_null(prov_elf_sym_at(e, 0));
	/* crti's _init has size 0: the nearest symbol below holds addr */
	s = tel_sym(e, "_init", NULL);
	cr_assert_not_null(s);
	cr_expect_eq(s->size, 0);
	cr_expect_eq(prov_elf_sym_at(e, s->addr + 4), s);
	prov_elf_close(e);
}

Test(elfsym, read_bounds)
{
	prov_elf *e = tel_open("/proc/self/exe");
	uint8_t buf[8];
	struct stat st;

	cr_assert_eq(stat("/proc/self/exe", &st), 0);
	cr_expect_eq(prov_elf_read(e, 0, buf, 4), 4);
	cr_expect(memcmp(buf, "\177ELF", 4) == 0);
	cr_expect_eq(prov_elf_read(e, (uint64_t)st.st_size - 2, buf, sizeof(buf)), 2);
	cr_expect_eq(prov_elf_read(e, (uint64_t)st.st_size, buf, sizeof(buf)), 0);
	cr_expect_eq(prov_elf_read(e, UINT64_MAX, buf, sizeof(buf)), 0);
	cr_expect_eq(prov_elf_read(e, 0, buf, 0), 0);
	cr_expect_eq(prov_elf_addr_to_off(e, UINT64_MAX - 1), UINT64_MAX);
	prov_elf_close(e);
}

Test(elfsym, self_buildid)
{
	prov_elf *e = tel_open("/proc/self/exe");
	const char *id = prov_elf_buildid(e);

	cr_assert_not_null(id);
	if (!id[0]) {
		prov_elf_close(e);
		cr_skip_test("linked without --build-id");
	}
	cr_expect_eq(strspn(id, "0123456789abcdef"), strlen(id), "%s", id);
	cr_expect_eq(strlen(id) % 2, 0);
	cr_expect_geq(strlen(id), 16);
	prov_elf_close(e);
}

/* ---- this binary's USDT probes ---- */

Test(elfsym, self_usdt_probes)
{
	prov_elf *e = tel_open("/proc/self/exe");
	const prov_usdtnote *u;
	int i;

	u = tel_usdt(e, "dtrtest", "probe__two");
	cr_assert_eq(u->nargs, 2, "%s", u->argstr);
	cr_expect_eq(u->args[0].size, 4);
	cr_expect_eq(u->args[0].is_signed, 1);
	cr_expect_neq(u->args[0].kind, PROV_USDT_CONST, "%s", u->argstr);
	cr_expect_eq(u->args[1].size, 8);
	cr_expect_eq(u->args[1].is_signed, 1);
	cr_expect_neq(u->args[1].kind, PROV_USDT_CONST, "%s", u->argstr);
	cr_expect_eq(u->sem_addr, 0);
	cr_expect_eq(u->sem_off, 0);

	u = tel_usdt(e, "dtrtest", "constant");
	cr_assert_eq(u->nargs, 2, "%s", u->argstr);
	cr_expect_eq(u->args[0].kind, PROV_USDT_CONST);
	cr_expect_eq(u->args[0].disp, 42);
	cr_expect_eq(u->args[0].size, 4);
	cr_expect_eq(u->args[0].is_signed, 1);
	cr_expect_eq(u->args[1].kind, PROV_USDT_CONST);
	cr_expect_eq(u->args[1].disp, -7);
	cr_expect_str_eq(u->argstr, "-4@$42 -4@$-7");

	/* a volatile local is read from memory */
	u = tel_usdt(e, "dtrtest", "onstack");
	cr_assert_eq(u->nargs, 1, "%s", u->argstr);
	cr_expect_eq(u->args[0].kind, PROV_USDT_MEM, "%s", u->argstr);
	cr_expect_geq(u->args[0].reg, 0, "%s", u->argstr);
	cr_expect_neq(u->args[0].reg, PERF_REG_X86_IP, "%s", u->argstr);
	cr_expect_eq(u->args[0].size, 4);

	/* a volatile global is sym(%rip): not decoded, the others are */
	u = tel_usdt(e, "dtrtest", "global");
	cr_expect(strstr(u->argstr, "(%rip)") != NULL, "%s", u->argstr);
	cr_expect_eq(u->nargs, -1, "%s", u->argstr);

	u = tel_usdt(e, "dtrtest", "twelve");
	cr_assert_eq(u->nargs, PROV_USDT_MAXARGS, "%s", u->argstr);
	for (i = 0; i < PROV_USDT_MAXARGS; i++) {
		cr_expect_eq(u->args[i].kind, PROV_USDT_CONST);
		cr_expect_eq(u->args[i].disp, i + 1);
	}
	prov_elf_close(e);
}

Test(elfsym, self_usdt_at_nop)
{
	prov_elf *e = tel_open("/proc/self/exe");
	const prov_elfsym *site = tel_sym(e, "elfsym_test_usdt_site", NULL);
	int i, n = 0;

	cr_assert_not_null(site);
	for (i = 0; i < prov_elf_nusdt(e); i++) {
		const prov_usdtnote *u = prov_elf_usdt(e, i);
		uint8_t b = 0;

		if (strcmp(u->provider, "dtrtest") != 0)
			continue;
		n++;
		cr_expect_eq(u->off, prov_elf_addr_to_off(e, u->addr));
		cr_assert_eq(prov_elf_read(e, u->off, &b, 1), 1);
		cr_expect_eq(b, 0x90, "%s: %#x at %#" PRIx64, u->name, b, u->off);
		cr_expect_eq(prov_elf_sym_at(e, u->addr), site, "%s", u->name);
	}
	cr_expect_eq(n, 6);
	cr_expect_null(prov_elf_usdt(e, -1));
	cr_expect_null(prov_elf_usdt(e, prov_elf_nusdt(e)));
	prov_elf_close(e);
}

Test(elfsym, self_usdt_semaphore)
{
	prov_elf *e = tel_open("/proc/self/exe");
	const prov_usdtnote *u = tel_usdt(e, "dtrtest", "withsem");
	uintptr_t bias = tel_bias((const void *)&dtrtest_withsem_semaphore);
	unsigned short v = 0xffff;

	cr_assert_eq(u->nargs, 1, "%s", u->argstr);
	cr_expect_eq(u->args[0].size, 1);
	cr_expect_eq(u->args[0].is_signed, 0);
	cr_assert_neq(u->sem_addr, 0);
	cr_expect_eq(u->sem_addr, (uint64_t)((uintptr_t)&dtrtest_withsem_semaphore - bias));
	cr_assert_neq(u->sem_off, 0);
	cr_assert_neq(u->sem_off, UINT64_MAX);
	cr_expect_eq(u->sem_off, prov_elf_addr_to_off(e, u->sem_addr));
	/* the file holds the semaphore's initial value */
	cr_assert_eq(prov_elf_read(e, u->sem_off, &v, sizeof(v)), sizeof(v));
	cr_expect_eq(v, 0);
	prov_elf_close(e);
}

/* The probe addresses follow .stapsdt.base when it moves (as prelink
 * moves it): a copy of this binary with that section header patched. */
Test(elfsym, stapsdt_base_adjusts_pc)
{
	char path[64];
	prov_elf *e = tel_open("/proc/self/exe"), *moved;
	Elf *elf;
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	size_t shstrndx, idx = 0;
	uint64_t addr = 0;
	int fd, i;

	tel_copy_self(path, sizeof(path));
	fd = open(path, O_RDWR);
	cr_assert(fd >= 0);
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	cr_assert_not_null(elf);
	cr_assert_not_null(gelf_getehdr(elf, &eh));
	cr_assert_eq(eh.e_ident[EI_CLASS], ELFCLASS64);
	cr_assert_eq(elf_getshdrstrndx(elf, &shstrndx), 0);
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;
		cr_assert_not_null(gelf_getshdr(scn, &sh));
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && strcmp(name, ".stapsdt.base") == 0) {
			idx = elf_ndxscn(scn);
			addr = sh.sh_addr + 0x40;
		}
	}
	elf_end(elf);
	cr_assert_neq(idx, 0, "no .stapsdt.base");
	cr_assert_eq(pwrite(fd, &addr, 8, (off_t)(eh.e_shoff + idx * eh.e_shentsize +
						 offsetof(Elf64_Shdr, sh_addr))), 8);
	close(fd);

	moved = tel_open(path);
	cr_assert_eq(prov_elf_nusdt(moved), prov_elf_nusdt(e));
	for (i = 0; i < prov_elf_nusdt(e); i++) {
		const prov_usdtnote *a = prov_elf_usdt(e, i), *b = prov_elf_usdt(moved, i);
		cr_expect_str_eq(a->name, b->name);
		cr_expect_eq(b->addr, a->addr + 0x40, "%s", a->name);
		cr_expect_eq(b->off, a->off + 0x40, "%s", a->name);
		cr_expect_eq(b->sem_addr, a->sem_addr, "%s: the semaphore is as written", a->name);
	}
	prov_elf_close(moved);
	prov_elf_close(e);
	unlink(path);
}

/* ---- libraries ---- */

Test(elfsym, libc_malloc)
{
	char path[4096];
	prov_elf *e;
	const prov_elfsym *s;
	uintptr_t mem;
	uint8_t file[32];
	int count;

	tel_libc(path, sizeof(path));
	e = tel_open(path);
	cr_expect(prov_elf_is_dyn(e));
	s = tel_sym(e, "malloc", &count);
	cr_assert_not_null(s);
	cr_expect_eq(count, 1, "malloc from .dynsym and .symtab is one symbol");
	cr_assert_neq(s->off, UINT64_MAX);
	cr_expect_gt(s->size, 0);
	/* off is where libc's malloc is mapped in this process (not the
	 * malloc ASan interposes), and the bytes there are the file's */
	mem = tel_mapped(path, s->off);
	cr_assert_neq(mem, 0, "offset %#" PRIx64 " of %s not mapped", s->off, path);
	cr_assert_eq(prov_elf_read(e, s->off, file, sizeof(file)), sizeof(file));
	cr_expect(memcmp(file, (const void *)mem, sizeof(file)) == 0);
	prov_elf_close(e);
}

Test(elfsym, libc_debuginfo_symtab)
{
	char path[4096], dbg[4096];
	prov_elf *e;
	const char *id;
	const prov_elfsym *s;
	int i, count;

	tel_libc(path, sizeof(path));
	e = tel_open(path);
	id = prov_elf_buildid(e);
	cr_assert_geq(strlen(id), 4);
	snprintf(dbg, sizeof(dbg), "/usr/lib/debug/.build-id/%.2s/%s.debug", id, id + 2);
	if (access(dbg, R_OK) != 0) {
		prov_elf_close(e);
		cr_skip_test("no libc debuginfo (libc6-dbg) at %s", dbg);
	}
	/* a static function: only the debuginfo's .symtab has it */
	s = tel_sym(e, "_int_malloc", NULL);
	cr_assert_not_null(s);
	cr_expect_neq(s->off, UINT64_MAX, "offset from the main file's segments");
	cr_expect_eq(s->off, prov_elf_addr_to_off(e, s->addr));
	/* versions are stripped: memcpy@@GLIBC_2.14 and memcpy@GLIBC_2.2.5
	 * are two memcpy at two addresses */
	for (i = 0; i < prov_elf_nsyms(e); i++) {
		const char *name = prov_elf_sym(e, i)->name;
		cr_assert_null(strchr(name, '@'), "%s", name);
	}
	cr_expect_not_null(tel_sym(e, "memcpy", &count));
	cr_expect_geq(count, 2);
	prov_elf_close(e);
}

/* Every sized symbol's middle maps back to a symbol that holds it. */
Test(elfsym, libc_sym_at_all)
{
	char path[4096];
	prov_elf *e;
	int i, n;

	tel_libc(path, sizeof(path));
	e = tel_open(path);
	n = prov_elf_nsyms(e);
	cr_assert_gt(n, 0);
	for (i = 0; i < n; i++) {
		const prov_elfsym *s = prov_elf_sym(e, i), *at;
		uint64_t pc = s->addr + s->size / 2;

		if (!s->size)
			continue;
		at = prov_elf_sym_at(e, pc);
		cr_assert_not_null(at, "%s+%#" PRIx64, s->name, s->size / 2);
		cr_assert(at->addr <= pc && pc - at->addr < at->size, "%s+%#" PRIx64 " -> %s",
			  s->name, s->size / 2, at->name);
		if (pc == s->addr)
			cr_assert_eq(at->addr, s->addr);
	}
	prov_elf_close(e);
}

/* libc's own probes, when it is built with them (Debian bookworm's is not,
 * Ubuntu's and Fedora's are): all decoded. */
Test(elfsym, libc_usdt)
{
	char path[4096];
	prov_elf *e;
	int i, n, setjmp = 0;

	tel_libc(path, sizeof(path));
	e = tel_open(path);
	n = prov_elf_nusdt(e);
	for (i = 0; i < n; i++) {
		const prov_usdtnote *u = prov_elf_usdt(e, i);
		cr_expect_str_eq(u->provider, "libc");
		cr_expect_geq(u->nargs, 0, "libc:%s: %s", u->name, u->argstr);
		cr_expect_neq(u->off, UINT64_MAX, "libc:%s", u->name);
		setjmp += strcmp(u->name, "setjmp") == 0;
	}
	if (n)
		cr_expect_gt(setjmp, 0);
	else
		cr_log_info("%s has no USDT probes", path);
	prov_elf_close(e);
}

Test(elfsym, libstdcxx_usdt)
{
	static const char *const names[] = { "throw", "catch", "rethrow" };
	const char *path = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
	prov_elf *e;
	size_t i;
	int k;

	if (access(path, R_OK) != 0)
		cr_skip_test("no %s", path);
	e = tel_open(path);
	if (prov_elf_nusdt(e) == 0) {
		prov_elf_close(e);
		cr_skip_test("%s has no USDT probes", path);
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const prov_usdtnote *u = tel_usdt(e, "libstdcxx", names[i]);
		uint8_t b = 0;

		cr_expect_eq(u->nargs, 2, "%s: %s", u->name, u->argstr);
		for (k = 0; k < u->nargs; k++)
			cr_expect_eq(u->args[k].size, 8);
		cr_expect_eq(u->sem_addr, 0);
		cr_expect_eq(u->sem_off, 0);
		cr_assert_eq(prov_elf_read(e, u->off, &b, 1), 1);
		cr_expect_eq(b, 0x90, "%s: %#x", u->name, b);
	}
	prov_elf_close(e);
}
