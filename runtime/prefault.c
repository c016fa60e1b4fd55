/* The memory dtr's start-up writes, mapped in a few calls before it is
 * touched. On a virtual machine every page fault may exit to the
 * hypervisor: on this class of machine a fault costs ~10 us, where
 * MADV_POPULATE_WRITE maps a range at ~0.7 us a page. Compiling and
 * attaching the used-by one-liner faulted some 60 pages of heap, stack
 * and bss one at a time. */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/rt.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels refuse it, and fault as before */
#endif

/* the heap that start-up takes, and the stack depth the compiler reaches */
#define HEAP_AHEAD (320u << 10)
#define STACK_AHEAD (64u << 10)

extern char __bss_start[], _end[];

static void populate(uintptr_t lo, uintptr_t hi)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

	lo &= ~(page - 1);
	hi = (hi + page - 1) & ~(page - 1);
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
}

void rt_prefault(void)
{
	char here;

	/* malloc keeps HEAP_AHEAD spare at the heap's top, also when trimming */
	mallopt(M_TOP_PAD, HEAP_AHEAD);
	void *first = malloc(1);
	uintptr_t brk = (uintptr_t)sbrk(0);
	if (first && (uintptr_t)first < brk) /* (a sanitizer's malloc has its own heap) */
		populate((uintptr_t)first, brk);
	free(first);
	populate((uintptr_t)__bss_start, (uintptr_t)_end);
	/* the stack's mapping reaches that far below main's frame at exec */
	populate((uintptr_t)&here - STACK_AHEAD, (uintptr_t)&here);
}
