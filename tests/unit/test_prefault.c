/* rt_prefault(): the code, the bss, the heap's top and the stack below the
 * caller are mapped when it returns, so that start-up does not fault on them a page at
 * a time (read from /proc/self/pagemap: bit 63 says a page is present). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/rt.h"

extern char __bss_start[], _end[];

/* The pages of [lo, hi) not present. */
static int missing(uintptr_t lo, uintptr_t hi)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	int fd = open("/proc/self/pagemap", O_RDONLY), n = 0;

	cr_assert_geq(fd, 0, "no /proc/self/pagemap");
	for (uintptr_t a = lo & ~(page - 1); a < hi; a += page) {
		uint64_t e = 0;
		cr_assert_eq(pread(fd, &e, sizeof(e), (off_t)(a / page * sizeof(e))), (ssize_t)sizeof(e));
		n += !(e >> 63);
	}
	close(fd);
	return n;
}

/* the code segments' pages not present, of every object but the vDSO */
static int code_missing(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	for (int i = 0; i < info->dlpi_phnum && !strstr(info->dlpi_name, "vdso"); i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X))
			*(int *)arg += missing(lo, lo + ph->p_memsz);
	}
	return 0;
}

Test(prefault, code_bss_heap_top_and_stack_are_mapped)
{
	char here;

	rt_prefault();
	uintptr_t brk = (uintptr_t)sbrk(0);
	int code = 0;
	dl_iterate_phdr(code_missing, &code);
	cr_expect_eq(code, 0, "%d code pages not mapped", code);
	cr_expect_eq(missing((uintptr_t)__bss_start, (uintptr_t)_end), 0, "bss pages not mapped");
	void *p = malloc(1);
	if ((uintptr_t)p < brk) /* malloc's heap is the break's (not under ASan) */
		cr_expect_eq(missing(brk - (64u << 10), brk), 0, "heap pages below the break not mapped");
	free(p);
	cr_expect_eq(missing((uintptr_t)&here - (32u << 10), (uintptr_t)&here), 0, "stack pages not mapped");
}
