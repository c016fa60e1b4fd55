/* Unit tests of runtime/stacks.c and stacks_maps.c: symbols of this test
 * binary's own functions, also from recorded mappings once a process is
 * gone, kernel symbols from /proc/kallsyms, CFI unwinding of a stack
 * captured here through functions built without frame pointers, and
 * DTrace's stack layout. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <inttypes.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/stacks.h"

/* ---- fixtures ---- */

/* The module name DTrace prints for this binary (build/unit -> "unit"). */
static const char *stk_self(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	const char *s;

	cr_assert_gt(n, 0);
	path[n] = '\0';
	s = strrchr(path, '/');
	return s ? s + 1 : path;
}

__attribute__((noipa)) static int stk_sym_target(int x)
{
	return x * 3 + 1;
}

/* A user stack sample as perf would deliver it. */
typedef struct stk_sample {
	uint64_t regs[32];    /* packed in RT_USTACK_REGS bit order */
	uint8_t stack[RT_USTACK_DUMP];
	size_t size;
	uint64_t limit;       /* end of the stack mapping */
	int depth;
} stk_sample;

/* The end of the mapping holding this thread's stack, so the copy never
 * reads past it. */
static uint64_t stk_stack_end(void)
{
	uint64_t sp, lo, hi, end = 0;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	__asm__ volatile("movq %%rsp, %0" : "=r"(sp));
	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 "-%" SCNx64, &lo, &hi) == 2 && sp >= lo && sp < hi) {
			end = hi;
			break;
		}
	}
	fclose(f);
	cr_assert_neq(end, 0);
	return end;
}

/* Capture this function's registers (perf order, all 24 slots) and the
 * stack above its stack pointer, as PERF_SAMPLE_REGS_USER and
 * PERF_SAMPLE_STACK_USER would. No ASan: the copy reads the whole stack,
 * redzones included, with loads the compiler must not turn into memcpy. */
__attribute__((noipa, no_sanitize_address, optimize("omit-frame-pointer")))
static void stk_capture(stk_sample *s)
{
	uint64_t g[24];
	uint64_t sp;
	size_t size;
	int k = 0;

	__asm__ volatile("movq %%rax, 0(%0)\n\t"
			 "movq %%rbx, 8(%0)\n\t"
			 "movq %%rcx, 16(%0)\n\t"
			 "movq %%rdx, 24(%0)\n\t"
			 "movq %%rsi, 32(%0)\n\t"
			 "movq %%rdi, 40(%0)\n\t"
			 "movq %%rbp, 48(%0)\n\t"
			 "movq %%rsp, 56(%0)\n\t"
			 "movq %%r8, 128(%0)\n\t"
			 "movq %%r9, 136(%0)\n\t"
			 "movq %%r10, 144(%0)\n\t"
			 "movq %%r11, 152(%0)\n\t"
			 "movq %%r12, 160(%0)\n\t"
			 "movq %%r13, 168(%0)\n\t"
			 "movq %%r14, 176(%0)\n\t"
			 "movq %%r15, 184(%0)\n\t"
			 "leaq 0(%%rip), %%rax\n\t"
			 "movq %%rax, 64(%0)\n\t"
			 :
			 : "r"(g)
			 : "rax", "memory");
	sp = g[7];
	size = s->limit - sp < RT_USTACK_DUMP ? s->limit - sp : RT_USTACK_DUMP;
	for (size_t i = 0; i < size / 8; i++)
		((volatile uint64_t *)s->stack)[i] = ((const volatile uint64_t *)sp)[i];
	s->size = size & ~(size_t)7;
	for (int r = 0; r < 24; r++)
		if ((RT_USTACK_REGS >> r) & 1)
			s->regs[k++] = g[r];
}

/* The chain the unwinder must find: a -> b -> c -> capture, none with a
 * frame pointer, none inlined, cloned or tail-called. */
__attribute__((noipa, optimize("omit-frame-pointer"))) static int stk_chain_c(stk_sample *s)
{
	stk_capture(s);
	__asm__ volatile("" ::: "memory");
	return s->depth + 1;
}

__attribute__((noipa, optimize("omit-frame-pointer"))) static int stk_chain_b(stk_sample *s)
{
	volatile char pad[40];

	pad[0] = 1;
	return stk_chain_c(s) + pad[0];
}

__attribute__((noipa, optimize("omit-frame-pointer"))) static int stk_chain_a(stk_sample *s)
{
	int r = stk_chain_b(s);

	__asm__ volatile("" ::: "memory");
	return r + 1;
}

__attribute__((noipa)) static stk_sample *stk_take(void)
{
	stk_sample *s = calloc(1, sizeof(*s));

	cr_assert_not_null(s);
	s->limit = stk_stack_end();
	stk_chain_a(s);
	cr_assert_gt(s->size, 64);
	return s;
}

static char *stk_print(rt_stacks *st, int32_t pid, const uint64_t *pcs, int n, int indent)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	cr_assert_not_null(f);
	rt_stacks_print(st, f, pid, pcs, n, indent);
	fclose(f);
	return out;
}

/* ---- user symbols ---- */

Test(stacks, sym_of_own_function)
{
	rt_stacks *st = rt_stacks_new();
	char buf[512], want[512];
	uint64_t pc = (uint64_t)(uintptr_t)&stk_sym_target;

	cr_assert_not_null(st);
	snprintf(want, sizeof(want), "%s`stk_sym_target+0x4", stk_self());
	cr_expect_str_eq(rt_stacks_sym(st, getpid(), pc + 4, buf, sizeof(buf)), want);
	/* at the symbol's first byte DTrace prints no +0x0 */
	snprintf(want, sizeof(want), "%s`stk_sym_target", stk_self());
	cr_expect_str_eq(rt_stacks_sym(st, getpid(), pc, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_func(st, getpid(), pc + 4, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_mod(st, getpid(), pc + 4, buf, sizeof(buf)), stk_self());
	/* cached: the same answer again */
	snprintf(want, sizeof(want), "%s`stk_sym_target+0x4", stk_self());
	cr_expect_str_eq(rt_stacks_sym(st, getpid(), pc + 4, buf, sizeof(buf)), want);
	cr_expect_eq(stk_sym_target(1), 4);
	rt_stacks_free(st);
}

Test(stacks, sym_in_libc)
{
	rt_stacks *st = rt_stacks_new();
	char buf[512];
	uint64_t pc = (uint64_t)(uintptr_t)&getpid;

	rt_stacks_sym(st, getpid(), pc, buf, sizeof(buf));
	cr_expect(strncmp(buf, "libc.so.6`", 10) == 0, "got %s", buf);
	cr_expect(strstr(buf, "getpid") != NULL, "got %s", buf);
	cr_expect_str_eq(rt_stacks_mod(st, getpid(), pc, buf, sizeof(buf)), "libc.so.6");
	rt_stacks_free(st);
}

Test(stacks, sym_without_module)
{
	rt_stacks *st = rt_stacks_new();
	char buf[512], want[64];
	void *anon = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t pc = (uint64_t)(uintptr_t)anon + 0x10;

	cr_assert_neq(anon, MAP_FAILED);
	snprintf(want, sizeof(want), "0x%" PRIx64, pc);
	cr_expect_str_eq(rt_stacks_sym(st, getpid(), pc, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_mod(st, getpid(), pc, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_func(st, getpid(), pc, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_sym(st, getpid(), 0x10, buf, sizeof(buf)), "0x10");
	munmap(anon, 4096);
	rt_stacks_free(st);
}

Test(stacks, forget_then_lookup_again)
{
	rt_stacks *st = rt_stacks_new();
	char buf[512], want[512];
	uint64_t pc = (uint64_t)(uintptr_t)&stk_sym_target + 2;

	snprintf(want, sizeof(want), "%s`stk_sym_target+0x2", stk_self());
	cr_expect_str_eq(rt_stacks_sym(st, getpid(), pc, buf, sizeof(buf)), want);
	rt_stacks_forget(st, getpid());
	rt_stacks_forget(st, 999999999);  /* unknown pid: nothing to do */
	cr_expect_str_eq(rt_stacks_sym(st, getpid(), pc, buf, sizeof(buf)), want);
	rt_stacks_free(st);
}

Test(stacks, process_gone_prints_hex)
{
	rt_stacks *st = rt_stacks_new();
	char buf[512], want[64];
	uint64_t pc = (uint64_t)(uintptr_t)&stk_sym_target + 4;
	pid_t child = fork();
	uint64_t pcs[8];
	stk_sample *s;

	cr_assert_geq(child, 0);
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	snprintf(want, sizeof(want), "0x%" PRIx64, pc);
	cr_expect_str_eq(rt_stacks_sym(st, child, pc, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_mod(st, child, pc, buf, sizeof(buf)), want);
	/* unwinding still yields the sampled pc (and any frame-pointer chain) */
	s = stk_take();
	cr_expect_geq(rt_stacks_unwind(st, child, s->regs, s->stack, s->size, pcs, 8), 1);
	cr_expect_eq(pcs[0], s->regs[__builtin_popcountll(RT_USTACK_REGS & 0xff)]);
	free(s);
	rt_stacks_free(st);
}

Test(stacks, library_loaded_later)
{
	static const char *const libs[] = { "libm.so.6", "libcrypt.so.1", "libanl.so.1",
					    "libutil.so.1" };
	rt_stacks *st = rt_stacks_new();
	char buf[512], real[4096];
	const char *base;
	void *h = NULL, *fn;
	Dl_info di;

	/* the process's Dwfl exists before the library comes */
	rt_stacks_sym(st, getpid(), (uint64_t)(uintptr_t)&stk_sym_target, buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]) && !h; i++)
		if (!dlopen(libs[i], RTLD_LAZY | RTLD_NOLOAD))
			h = dlopen(libs[i], RTLD_LAZY);
	if (!h)
		cr_skip_test("no library left to load");
	fn = dlsym(h, "cos");
	if (!fn)
		fn = dlsym(h, "crypt");
	if (!fn)
		fn = dlsym(h, "getaddrinfo_a");
	if (!fn)
		fn = dlsym(h, "forkpty");
	cr_assert_not_null(fn);
	cr_assert(dladdr(fn, &di) && di.dli_fname);
	/* maps, and so DTrace, name the file itself, not the soname's link */
	cr_assert_not_null(realpath(di.dli_fname, real));
	base = strrchr(real, '/') + 1;
	usleep(1100000);  /* maps are re-read at most once a second */
	cr_expect_str_eq(rt_stacks_mod(st, getpid(), (uint64_t)(uintptr_t)fn + 1, buf, sizeof(buf)),
			 base);
	rt_stacks_free(st);
}

Test(stacks, vdso_module_name)
{
	rt_stacks *st = rt_stacks_new();
	uint64_t vdso = getauxval(AT_SYSINFO_EHDR);
	char buf[512];

	if (!vdso)
		cr_skip_test("no vDSO");
	cr_expect_str_eq(rt_stacks_mod(st, getpid(), vdso + 0x10, buf, sizeof(buf)), "[vdso]");
	rt_stacks_free(st);
}

Test(stacks, many_processes_are_evicted)
{
	rt_stacks *st = rt_stacks_new();
	char buf[512], want[512];
	uint64_t pc = (uint64_t)(uintptr_t)&stk_sym_target + 4;

	snprintf(want, sizeof(want), "%s`stk_sym_target+0x4", stk_self());
	for (int32_t pid = 2000000000; pid < 2000000000 + 300; pid++) {
		rt_stacks_sym(st, pid, pc, buf, sizeof(buf));
		if (pid % 50 == 0)  /* keep ours recently used */
			cr_expect_str_eq(rt_stacks_sym(st, getpid(), pc, buf, sizeof(buf)), want);
	}
	cr_expect_str_eq(rt_stacks_sym(st, getpid(), pc, buf, sizeof(buf)), want);
	rt_stacks_free(st);
}

/* ---- recorded mappings (a process that is gone) ---- */

/* A pid no process can have: pid_max is at most 2^22. */
#define STK_GONE ((int32_t)(1 << 22) + 4242)

/* Record this process's executable file mappings, as perf's MMAP2 records
 * would give them, as pid's; the number recorded. */
static int stk_record_self(rt_stacks *st, int32_t pid)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4352], perm[8], path[4096];
	uint64_t lo, hi, off;
	int n = 0;

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %4095s", &lo, &hi, perm,
			   &off, path) != 5 || perm[2] != 'x' || path[0] != '/')
			continue;
		rt_stacks_mmap(st, pid, lo, hi - lo, off, path);
		n++;
	}
	fclose(f);
	cr_assert_geq(n, 2, "no executable file mappings in /proc/self/maps");
	return n;
}

/* The executable mapping of this binary holding pc: [lo, hi) from off. */
static void stk_self_text(uint64_t pc, uint64_t *lo, uint64_t *hi, uint64_t *off, char *path)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4352], perm[8];
	bool found = false;

	cr_assert_not_null(f);
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %4095s", lo, hi,
			       perm, off, path) == 5 && pc >= *lo && pc < *hi;
	fclose(f);
	cr_assert(found, "no mapping holds %" PRIx64, pc);
}

Test(stacks, recorded_mappings_name_a_gone_process)
{
	rt_stacks *st = rt_stacks_new();
	char buf[512], want[512];
	uint64_t pc = (uint64_t)(uintptr_t)&stk_sym_target, libc = (uint64_t)(uintptr_t)&getpid;

	cr_assert(kill(STK_GONE, 0) != 0);
	stk_record_self(st, STK_GONE);
	snprintf(want, sizeof(want), "%s`stk_sym_target+0x4", stk_self());
	cr_expect_str_eq(rt_stacks_sym(st, STK_GONE, pc + 4, buf, sizeof(buf)), want);
	snprintf(want, sizeof(want), "%s`stk_sym_target", stk_self());
	cr_expect_str_eq(rt_stacks_sym(st, STK_GONE, pc, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_func(st, STK_GONE, pc + 4, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_mod(st, STK_GONE, pc + 4, buf, sizeof(buf)), stk_self());
	cr_expect_eq(rt_stacks_func_start(st, STK_GONE, pc + 4), pc);
	/* a shared library, placed from its own mapping */
	rt_stacks_sym(st, STK_GONE, libc, buf, sizeof(buf));
	cr_expect(strncmp(buf, "libc.so.6`", 10) == 0 && strstr(buf, "getpid"), "got %s", buf);
	/* what no recorded mapping holds stays an address */
	cr_expect_str_eq(rt_stacks_sym(st, STK_GONE, 0x10, buf, sizeof(buf)), "0x10");
	rt_stacks_free(st);
}

Test(stacks, recorded_mappings_unwind_a_gone_process)
{
	rt_stacks *st = rt_stacks_new();
	stk_sample *s = stk_take();
	static const char *const chain[] = { "stk_capture", "stk_chain_c", "stk_chain_b",
					     "stk_chain_a", "stk_take" };
	uint64_t pcs[64];
	char buf[512], want[512];
	int n;

	stk_record_self(st, STK_GONE);
	n = rt_stacks_unwind(st, STK_GONE, s->regs, s->stack, s->size, pcs, 64);
	cr_assert_geq(n, 5, "unwound only %d frames", n);
	for (int i = 0; i < 5; i++) {
		snprintf(want, sizeof(want), "%s`%s", stk_self(), chain[i]);
		cr_expect_str_eq(rt_stacks_func(st, STK_GONE, pcs[i], buf, sizeof(buf)), want,
				 "frame %d", i);
	}
	free(s);
	rt_stacks_free(st);
}

Test(stacks, fork_inherits_mappings_exec_clears_them)
{
	rt_stacks *st = rt_stacks_new();
	const int32_t parent = STK_GONE, child = STK_GONE + 1, orphan = STK_GONE + 2;
	uint64_t pc = (uint64_t)(uintptr_t)&stk_sym_target + 4;
	char buf[512], want[512], hex[64];

	snprintf(want, sizeof(want), "%s`stk_sym_target+0x4", stk_self());
	snprintf(hex, sizeof(hex), "0x%" PRIx64, pc);
	stk_record_self(st, parent);
	rt_stacks_fork(st, child, parent);
	cr_expect_str_eq(rt_stacks_sym(st, child, pc, buf, sizeof(buf)), want);
	/* the child execs: its mappings are gone, its parent's stay */
	rt_stacks_exec(st, child);
	cr_expect_str_eq(rt_stacks_sym(st, child, pc, buf, sizeof(buf)), hex);
	cr_expect_str_eq(rt_stacks_sym(st, parent, pc, buf, sizeof(buf)), want);
	/* and the new image maps its files */
	stk_record_self(st, child);
	cr_expect_str_eq(rt_stacks_sym(st, child, pc, buf, sizeof(buf)), want);
	/* a parent nobody recorded passes nothing on */
	rt_stacks_fork(st, orphan, STK_GONE + 3);
	cr_expect_str_eq(rt_stacks_sym(st, orphan, pc, buf, sizeof(buf)), hex);
	rt_stacks_free(st);
}

Test(stacks, a_mapping_replaces_what_it_covers)
{
	rt_stacks *st = rt_stacks_new();
	uint64_t pc = (uint64_t)(uintptr_t)&stk_sym_target + 4, page = pc & ~4095ULL;
	uint64_t lo, hi, off;
	char buf[512], want[512], hex[64], path[4096];

	snprintf(want, sizeof(want), "%s`stk_sym_target+0x4", stk_self());
	snprintf(hex, sizeof(hex), "0x%" PRIx64, pc);
	stk_self_text(pc, &lo, &hi, &off, path);
	/* a hole punched below pc's page: the part above keeps its file at
	 * the right offset; one above it: the part below */
	if (page > lo) {
		rt_stacks_mmap(st, STK_GONE, lo, hi - lo, off, path);
		rt_stacks_mmap(st, STK_GONE, page - 4096, 4096, 0, "/nonexistent/stk");
		cr_expect_str_eq(rt_stacks_sym(st, STK_GONE, pc, buf, sizeof(buf)), want);
	}
	if (page + 4096 < hi) {
		rt_stacks_mmap(st, STK_GONE + 1, lo, hi - lo, off, path);
		rt_stacks_mmap(st, STK_GONE + 1, page + 4096, 4096, 0, "/nonexistent/stk");
		cr_expect_str_eq(rt_stacks_sym(st, STK_GONE + 1, pc, buf, sizeof(buf)), want);
	}
	/* mapped over entirely (after it was resolved): no longer this file */
	rt_stacks_mmap(st, STK_GONE + 2, lo, hi - lo, off, path);
	cr_expect_str_eq(rt_stacks_sym(st, STK_GONE + 2, pc, buf, sizeof(buf)), want);
	rt_stacks_mmap(st, STK_GONE + 2, lo, hi - lo, 0, "/nonexistent/stk");
	cr_expect_str_eq(rt_stacks_sym(st, STK_GONE + 2, pc, buf, sizeof(buf)), hex);
	rt_stacks_free(st);
}

Test(stacks, recorded_processes_are_bounded)
{
	rt_stacks *st = rt_stacks_new();
	uint64_t pc = (uint64_t)(uintptr_t)&stk_sym_target + 4;
	uint64_t lo, hi, off;
	char buf[512], want[512], hex[64], path[4096];
	const int32_t first = STK_GONE, last = STK_GONE + 20000;

	snprintf(want, sizeof(want), "%s`stk_sym_target+0x4", stk_self());
	snprintf(hex, sizeof(hex), "0x%" PRIx64, pc);
	stk_self_text(pc, &lo, &hi, &off, path);
	for (int32_t pid = first; pid <= last; pid++)
		rt_stacks_mmap(st, pid, lo, hi - lo, off, path);
	/* the oldest were evicted, the newest kept */
	cr_expect_str_eq(rt_stacks_sym(st, first, pc, buf, sizeof(buf)), hex);
	cr_expect_str_eq(rt_stacks_sym(st, last, pc, buf, sizeof(buf)), want);
	rt_stacks_free(st);
}

/* ---- kernel symbols ---- */

/* A core-kernel text symbol alone at its address with at least 0x40 bytes
 * before the next symbol; false if kallsyms hides addresses. */
static bool stk_ksym(uint64_t *addr, char *name, size_t len)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], prevname[256] = "", curname[256];
	uint64_t prev = 0, a;
	char t, prevt = 0;
	bool ok = false, any = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %255s", &a, &t, curname) != 3)
			continue;
		if (strchr(line, '['))
			break;
		any |= a != 0;
		/* prev is isolated if prev > the one before and a > prev + 0x40 */
		if ((prevt == 'T' || prevt == 't') && a > prev + 0x40 && prev && *prevname &&
		    strncmp(prevname, "__", 2) != 0 && strncmp(prevname, "event_", 6) != 0) {
			*addr = prev;
			snprintf(name, len, "%s", prevname);
			ok = true;
			break;
		}
		if (a != prev) {
			prev = a;
			prevt = t;
			snprintf(prevname, sizeof(prevname), "%s", curname);
		} else {
			prevt = 0;  /* shared address: not isolated */
		}
	}
	fclose(f);
	return ok && any;
}

Test(stacks, kernel_symbol_from_kallsyms)
{
	rt_stacks *st = rt_stacks_new();
	char name[256], buf[512], want[512];
	uint64_t addr;

	if (!stk_ksym(&addr, name, sizeof(name)))
		cr_skip_test("kernel addresses hidden (kptr_restrict or not root)");
	snprintf(want, sizeof(want), "vmlinux`%s+0x10", name);
	cr_expect_str_eq(rt_stacks_sym(st, 0, addr + 0x10, buf, sizeof(buf)), want);
	snprintf(want, sizeof(want), "vmlinux`%s", name);
	cr_expect_str_eq(rt_stacks_sym(st, 0, addr, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_func(st, 0, addr + 0x10, buf, sizeof(buf)), want);
	cr_expect_str_eq(rt_stacks_mod(st, 0, addr + 0x10, buf, sizeof(buf)), "vmlinux");
	/* not a kernel address */
	cr_expect_str_eq(rt_stacks_sym(st, 0, 0x10, buf, sizeof(buf)), "0x10");
	/* reloaded after forget(0) */
	rt_stacks_forget(st, 0);
	snprintf(want, sizeof(want), "vmlinux`%s+0x10", name);
	cr_expect_str_eq(rt_stacks_sym(st, 0, addr + 0x10, buf, sizeof(buf)), want);
	rt_stacks_free(st);
}

Test(stacks, kernel_module_symbol)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], mod[256], buf[512], want[600];
	uint64_t a;
	char t;
	bool found = false;
	rt_stacks *st;

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %255s [%255[^]]", &a, &t, name, mod) == 4 && a &&
		    (t == 't' || t == 'T') && strcmp(mod, "bpf") != 0 &&
		    strcmp(mod, "__builtin__kprobes") != 0) {
			found = true;
			break;
		}
	}
	fclose(f);
	if (!found)
		cr_skip_test("no module text symbols visible");
	st = rt_stacks_new();
	snprintf(want, sizeof(want), "%s`", mod);
	rt_stacks_sym(st, 0, a, buf, sizeof(buf));
	cr_expect(strncmp(buf, want, strlen(want)) == 0, "got %s, want %s...", buf, want);
	cr_expect_str_eq(rt_stacks_mod(st, 0, a, buf, sizeof(buf)), mod);
	rt_stacks_free(st);
}

/* ---- unwinding ---- */

Test(stacks, unwind_chain_without_frame_pointers)
{
	rt_stacks *st = rt_stacks_new();
	stk_sample *s = stk_take();
	static const char *const chain[] = { "stk_capture", "stk_chain_c", "stk_chain_b",
					     "stk_chain_a", "stk_take" };
	uint64_t pcs[64];
	char buf[512], want[512];
	int n = rt_stacks_unwind(st, getpid(), s->regs, s->stack, s->size, pcs, 64);

	cr_assert_geq(n, 5, "unwound only %d frames", n);
	for (int i = 0; i < 5; i++) {
		snprintf(want, sizeof(want), "%s`%s", stk_self(), chain[i]);
		cr_expect_str_eq(rt_stacks_func(st, getpid(), pcs[i], buf, sizeof(buf)), want,
				 "frame %d", i);
	}
	/* and on into this test and criterion's runner */
	cr_expect_gt(n, 6, "unwound only %d frames", n);
	/* max bounds the frames */
	cr_expect_eq(rt_stacks_unwind(st, getpid(), s->regs, s->stack, s->size, pcs, 3), 3);
	free(s);
	rt_stacks_free(st);
}

/* Unwinding again finds the same frames from the cached tables (speed is
 * measured by make bench, not here: timing fails on a loaded machine). */
Test(stacks, unwind_again_gives_the_same_frames)
{
	rt_stacks *st = rt_stacks_new();
	stk_sample *s = stk_take();
	uint64_t pcs[64], again[64];
	int n0 = rt_stacks_unwind(st, getpid(), s->regs, s->stack, s->size, pcs, 64);

	cr_assert_geq(n0, 5);
	for (int i = 0; i < 200; i++) {
		cr_assert_eq(rt_stacks_unwind(st, getpid(), s->regs, s->stack, s->size, again, 64), n0);
		cr_assert_arr_eq(again, pcs, sizeof(uint64_t) * (size_t)n0);
	}
	free(s);
	rt_stacks_free(st);
}

Test(stacks, unwind_without_registers)
{
	rt_stacks *st = rt_stacks_new();
	uint64_t regs[32] = { 0 }, pcs[4];

	cr_expect_eq(rt_stacks_unwind(st, getpid(), regs, NULL, 0, pcs, 4), 0);  /* ip 0 */
	cr_expect_eq(rt_stacks_unwind(st, getpid(), NULL, NULL, 0, pcs, 4), 0);
	rt_stacks_free(st);
}

/* ---- DTrace's layout ---- */

Test(stacks, print_layout)
{
	rt_stacks *st = rt_stacks_new();
	uint64_t f = (uint64_t)(uintptr_t)&stk_sym_target;
	uint64_t pcs[] = { f + 4, (uint64_t)PERF_CONTEXT_USER, f, 0, f + 8 };
	char want[1024];
	char *out = stk_print(st, getpid(), pcs, 5, 14);

	snprintf(want, sizeof(want),
		 "\n"
		 "              %s`stk_sym_target+0x4\n"
		 "              %s`stk_sym_target\n",
		 stk_self(), stk_self());
	cr_expect_str_eq(out, want);
	free(out);
	out = stk_print(st, getpid(), pcs, 1, 2);
	snprintf(want, sizeof(want), "\n  %s`stk_sym_target+0x4\n", stk_self());
	cr_expect_str_eq(out, want);
	free(out);
	out = stk_print(st, getpid(), pcs, 0, 14);
	cr_expect_str_eq(out, "\n");
	free(out);
	rt_stacks_free(st);
}
