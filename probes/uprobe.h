/* Shared machinery of the user-space providers (pid, usdt): the modules a
 * process maps, their ELF files (opened once), the probes made on demand
 * with what each one instruments, and the uprobe PMU event sources that
 * decode a hit into the probe's arguments. */
#ifndef PROV_UPROBE_H
#define PROV_UPROBE_H

#include "probes/elfsym.h"
#include "probes/insn.h"
#include "probes/provider.h"

/* One object file a process maps executable. */
typedef struct prov_umod {
	char *path;             /* a path that opens the mapped file */
	char *file;             /* the name the process maps it by */
	const char *base;       /* probemod: its DT_SONAME (libz.so.1), else its basename */
	const char *alias;      /* the module name it also answers to: a.out for the
	                         * program, the file's basename for a library, or NULL */
	int is_exec;            /* the program itself */
	prov_elf *elf;          /* NULL when it is not a readable ELF file */
} prov_umod;

/* The modules of process pid, in mapping order. Returns how many (0 when
 * the process does not exist); *mods is malloc'ed, free with prov_umods_free. */
int prov_umods(int32_t pid, prov_umod **mods);
void prov_umods_free(prov_umod *mods, int n);
/* Does module pattern (empty, a glob or a name) name m? */
int prov_umod_matches(const prov_umod *m, const char *pattern);

enum prov_ukind { PROV_UENTRY, PROV_URETURN, PROV_UOFFSET, PROV_UUSDT };

/* What one user probe instruments: the probe's priv points at it. */
typedef struct prov_uprobe {
	int32_t pid;            /* the traced process */
	uint8_t kind;           /* enum prov_ukind */
	char *path;
	uint64_t off;           /* file offset of the function, or of the instruction */
	uint64_t size;          /* the function's size (return probes) */
	uint64_t ref_ctr;       /* USDT semaphore file offset, 0 if none */
	uint32_t insn;          /* offset probes: the instruction's offset in the function */
	prov_usdtnote usdt;         /* USDT: the argument specifications */
} prov_uprobe;

/* Make probe provname:mod:func:name for process pid once (a second call
 * for the same one does nothing). u is copied. Returns 0 or -ENOMEM. */
int prov_uprobe_add(const provider *pv, const char *provname, const prov_umod *m,
		    const char *func, const char *name, const prov_uprobe *u);
/* Free every probe made (the providers' unload). */
void prov_uprobe_unload(void);

/* Event sources for user probes: one uprobe PMU event per instrumented
 * instruction (each return site of a function for :return). */
int prov_uprobe_attach(const prov_probe *const *probes, int n, int (*push)(prov_event *, void *),
		       void *arg, char *err, size_t errlen);

/* The process id of a provider name "<prefix><digits>" whose prefix matches
 * pattern prefix; 0 when it is not one. */
int32_t prov_uprobe_pid_of(const char *provname, size_t *prefixlen);

/* A function's code, size bytes at file offset off of elf, decoded (at
 * most one instruction a byte): returns how many instructions went into
 * *insns, with the bytes in *code (both malloc'ed, free them; NULL when it
 * cannot be read, and 0 is returned). */
int prov_uprobe_decode(prov_elf *elf, uint64_t off, uint64_t size, uint8_t **code,
		       prov_insn **insns);

#endif
