/* The memory dtr's start-up touches, mapped in a few calls before it is.
 * On a virtual machine every page fault may exit to the hypervisor: on
 * this class of machine a fault costs 10-25 us, where MADV_POPULATE_WRITE
 * maps a range at ~0.7 us a page. Compiling and attaching the used-by
 * one-liner faulted some 60 pages of heap, stack and bss and a dozen of
 * code one at a time (a short run of it: ~356 user faults, ~217 now). */
#include <link.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/rt.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22 /* Linux 5.14, as the next */
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels refuse it, and fault as before */
#endif

/* the heap that start-up takes, and the stack depth the compiler reaches */
#define HEAP_AHEAD (320u << 10)
#define STACK_AHEAD (64u << 10)

extern char __bss_start[], _end[];

static void populate(uintptr_t lo, uintptr_t hi, int advice)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

	lo &= ~(page - 1);
	hi = (hi + page - 1) & ~(page - 1);
	if (hi > lo)
		madvise((void *)lo, hi - lo, advice);
}

/* The code of every loaded object (dtr, libc): a fault on code maps the
 * 16 pages around it, and start-up still took a dozen of them. */
static int map_code(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X))
			populate(lo, lo + ph->p_memsz, MADV_POPULATE_READ);
	}
	return 0;
}

void rt_prefault(void)
{
	char here;

	dl_iterate_phdr(map_code, NULL);
	/* malloc keeps HEAP_AHEAD spare at the heap's top, also when trimming */
	mallopt(M_TOP_PAD, HEAP_AHEAD);
	void *first = malloc(1);
	uintptr_t brk = (uintptr_t)sbrk(0);
	if (first && (uintptr_t)first < brk) /* (a sanitizer's malloc has its own heap) */
		populate((uintptr_t)first, brk, MADV_POPULATE_WRITE);
	free(first);
	populate((uintptr_t)__bss_start, (uintptr_t)_end, MADV_POPULATE_WRITE);
	/* the stack's mapping reaches that far below main's frame at exec */
	populate((uintptr_t)&here - STACK_AHEAD, (uintptr_t)&here, MADV_POPULATE_WRITE);
}
