/* The recorded file mappings of processes (stacks_maps.c), private to the
 * stacks module: stacks.c reports them to a Dwfl for a process whose
 * /proc/PID/maps is gone or no longer holds a sampled pc. */
#ifndef RT_STACKS_MAPS_H
#define RT_STACKS_MAPS_H

#include <elfutils/libdwfl.h>
#include <stdint.h>

typedef struct rt_stacks rt_stacks;
typedef struct rt_maps rt_maps;

rt_maps *rt_maps_new(void);
void rt_maps_free(rt_maps *m);

/* The table of st (defined in stacks.c, which owns it). */
rt_maps *rt_stacks_maps(rt_stacks *st);

/* pid's recorded mappings changed (stacks.c): what was resolved from them
 * is stale. */
void rt_stacks_remapped(rt_stacks *st, int32_t pid);

/* The version of pid's recorded mappings if one of them holds pc, else 0.
 * A version is never 0 and changes whenever pid's mappings change. */
uint64_t rt_maps_covers(rt_maps *m, int32_t pid, uint64_t pc);

/* Report each ELF file pid maps to d as a module named by its path,
 * placed where pid mapped it (call between dwfl_report_begin and
 * dwfl_report_end); files that are unreadable or not ELF are left out.
 * Reads the files' program headers. Returns how many modules were
 * reported. d's find_elf must be rt_maps_find_elf. */
int rt_maps_report(rt_maps *m, int32_t pid, Dwfl *d);

/* libdwfl's find_elf callback for those modules: the file named by the
 * module, mapped whole and its descriptor closed, so that the Dwfls of
 * many gone processes hold no descriptors open. */
int rt_maps_find_elf(Dwfl_Module *mod, void **userdata, const char *name, Dwarf_Addr base,
		     char **file_name, Elf **elfp);

#endif
