/* Stacks for stack(), ustack(), sym(), usym() and friends: kernel frames
 * from perf callchains symbolized with /proc/kallsyms, user frames unwound
 * with libdw from a sampled user stack and registers (programs without frame
 * pointers included) and symbolized from the process's ELF files, printed
 * as DTrace prints them (module`function+0xoff). */
#ifndef RT_STACKS_H
#define RT_STACKS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct rt_stacks rt_stacks;

rt_stacks *rt_stacks_new(void);
void rt_stacks_free(rt_stacks *st);

/* Unwind a user stack: regs are the sampled user registers in perf's
 * x86_64 PERF_SAMPLE_REGS_USER order for the mask RT_USTACK_REGS, stack the
 * sampled user stack (size bytes, starting at the sampled stack pointer).
 * Writes at most max program counters, innermost first; returns how many
 * (0 when nothing could be unwound). Symbols of pid's modules are cached
 * until rt_stacks_forget(pid) (call it when the process execs or exits). */
int rt_stacks_unwind(rt_stacks *st, int32_t pid, const uint64_t *regs, const uint8_t *stack,
		     size_t size, uint64_t *pcs, int max);

/* The registers RT_USTACK_REGS names (perf's x86_64 register numbers):
 * all general-purpose registers and IP, SP, BP: bits 0-8 (AX BX CX DX SI DI
 * BP SP IP) and 16-23 (R8-R15), 17 registers; not FLAGS, CS, SS (bits 9-11,
 * which perf's own 0xff0fff adds) nor DS ES FS GS (12-15, refused on x86_64). */
#define RT_USTACK_REGS 0xff01ffULL
#define RT_USTACK_DUMP 16384 /* bytes of user stack to sample */

void rt_stacks_forget(rt_stacks *st, int32_t pid);

/* The executable file mappings perf reports (PERF_RECORD_MMAP2), kept per
 * process and inherited on fork, so that stacks and symbols of a process
 * that has exited are still unwound and resolved from its files:
 * rt_stacks_mmap() for each mapping (pid's [start, start + len) maps file at
 * offset pgoff), rt_stacks_fork() when pid is forked from ppid (it starts
 * with ppid's mappings), rt_stacks_exec() when pid execs (its mappings so
 * far are gone). */
void rt_stacks_mmap(rt_stacks *st, int32_t pid, uint64_t start, uint64_t len, uint64_t pgoff,
		    const char *file);
void rt_stacks_fork(rt_stacks *st, int32_t pid, int32_t ppid);
void rt_stacks_exec(rt_stacks *st, int32_t pid);
/* Record what pid maps now (/proc/PID/maps): a process traced from its
 * start (-c, -p) mapped its program and libraries before perf reported. */
void rt_stacks_seed(rt_stacks *st, int32_t pid);

/* "module`function+0xoff" (or "module`0xaddr", or "0xaddr") for pc in
 * pid's address space (pid 0: the kernel). Returns buf. */
const char *rt_stacks_sym(rt_stacks *st, int32_t pid, uint64_t pc, char *buf, size_t len);

/* Parts of a symbol for mod()/umod(), func()/ufunc()/sym()/usym():
 * "module", "module`function" (DTrace's usym/ufunc form). */
const char *rt_stacks_mod(rt_stacks *st, int32_t pid, uint64_t pc, char *buf, size_t len);
const char *rt_stacks_func(rt_stacks *st, int32_t pid, uint64_t pc, char *buf, size_t len);

/* The start of the function containing pc (pc itself when unknown): how
 * sym(), func(), usym() and ufunc() keys aggregate, as DTrace's consumer
 * rounds them. */
uint64_t rt_stacks_func_start(rt_stacks *st, int32_t pid, uint64_t pc);

/* Print frames as DTrace prints a stack: each frame on its own line after
 * indent spaces, then a blank line when DTrace prints one (trace() output,
 * aggregation keys). */
void rt_stacks_print(rt_stacks *st, FILE *out, int32_t pid, const uint64_t *pcs, int n,
		     int indent);
/* The same with each frame right-justified in width columns, as printa()'s
 * "%60k" prints them (width 0: as rt_stacks_print). */
void rt_stacks_print_width(rt_stacks *st, FILE *out, int32_t pid, const uint64_t *pcs, int n,
			   int indent, int width);

#endif
