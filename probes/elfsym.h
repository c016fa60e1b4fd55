/* ELF object files for the user-space providers (pid, usdt): function
 * symbols from .symtab and .dynsym (or the debuginfo file found by build-id
 * when the object is stripped), addresses turned into file offsets for the
 * uprobe PMU, and the USDT probes of .note.stapsdt with their argument
 * specifications decoded. Read with libelf; nothing here knows perf. */
#ifndef PROV_ELFSYM_H
#define PROV_ELFSYM_H

#include <stddef.h>
#include <stdint.h>

typedef struct prov_elf prov_elf;

/* A defined function symbol (STT_FUNC or STT_GNU_IFUNC, st_shndx not
 * SHN_UNDEF). addr is st_value as the file says it (a link-time virtual
 * address); off is where those bytes lie in the file (the uprobe offset). */
typedef struct prov_elfsym {
	const char *name;       /* without a symbol version (malloc, not malloc@@GLIBC_2.2.5) */
	uint64_t addr, size, off;
} prov_elfsym;

/* Where a USDT argument lives, from its note specification (x86-64 AT&T
 * operands as <sys/sdt.h> writes them: "-4@%edi", "8@-16(%rbp)", "4@$5",
 * "8@(%rax,%rdx,8)"). Registers are perf's x86 register numbers
 * (PERF_REG_X86_AX ... PERF_REG_X86_R15, <asm/perf_regs.h>). */
enum prov_usdt_argkind {
	PROV_USDT_CONST,        /* value = disp */
	PROV_USDT_REG,          /* value = reg (its low size bytes; shift 8 for %ah %bh %ch %dh) */
	PROV_USDT_MEM,          /* value = *(disp + base + index * scale), size bytes */
};

typedef struct prov_usdt_arg {
	uint8_t kind;           /* enum prov_usdt_argkind */
	uint8_t size;           /* 1, 2, 4 or 8 */
	uint8_t is_signed;      /* "-4@..." */
	uint8_t shift;          /* 8 for a high-byte register, else 0 */
	int8_t reg;             /* REG: the register; MEM: the base register or -1 */
	int8_t index;           /* MEM: the index register or -1 */
	uint8_t scale;          /* MEM: 1, 2, 4 or 8 */
	int64_t disp;           /* CONST: the value; MEM: the displacement */
} prov_usdt_arg;

#define PROV_USDT_MAXARGS 12

typedef struct prov_usdtnote {
	const char *provider, *name;   /* as in the note: "libc", "memory_sbrk_more" */
	uint64_t addr;                 /* the probe's address, adjusted by .stapsdt.base as libbpf does */
	uint64_t off;                  /* its file offset (the uprobe offset) */
	uint64_t sem_addr;             /* the semaphore's address, 0 if none */
	uint64_t sem_off;              /* its file offset (the uprobe PMU's ref_ctr_offset), 0 if none */
	int nargs;                     /* -1: an argument specification could not be decoded */
	prov_usdt_arg args[PROV_USDT_MAXARGS];
	const char *argstr;            /* the note's argument string as written */
} prov_usdtnote;

/* Open path. Returns NULL with a message in err ("not an ELF file", or
 * strerror's "No such file or directory") on failure. */
prov_elf *prov_elf_open(const char *path, char *err, size_t errlen);
void prov_elf_close(prov_elf *e);

/* Function symbols sorted by name then address, each (name, addr) once.
 * When the file has no .symtab and its debuginfo is installed
 * (/usr/lib/debug/.build-id/xx/rest.debug), that file's .symtab is used too. */
int prov_elf_nsyms(const prov_elf *e);
const prov_elfsym *prov_elf_sym(const prov_elf *e, int i);
/* The symbol whose [addr, addr + size) holds addr (the largest addr <= it
 * when sizes are 0), or NULL. */
const prov_elfsym *prov_elf_sym_at(const prov_elf *e, uint64_t addr);

/* ET_DYN (shared object, PIE) or ET_EXEC. */
int prov_elf_is_dyn(const prov_elf *e);
/* The file offset of a virtual address through the PT_LOAD segment holding
 * it; UINT64_MAX when no segment does. */
uint64_t prov_elf_addr_to_off(const prov_elf *e, uint64_t addr);
/* Copy len bytes of the file at offset off. Returns the bytes copied. */
size_t prov_elf_read(const prov_elf *e, uint64_t off, void *buf, size_t len);
/* DT_SONAME (libz.so.1 for libz.so.1.2.13), "" when none. */
const char *prov_elf_soname(const prov_elf *e);
/* The GNU build-id as lowercase hex, "" when none. */
const char *prov_elf_buildid(const prov_elf *e);

/* USDT probes of .note.stapsdt, in note order. */
int prov_elf_nusdt(const prov_elf *e);
const prov_usdtnote *prov_elf_usdt(const prov_elf *e, int i);
/* Decode one argument specification of a note ("-4@%edi", "8@-16(%rbp)",
 * "1@%ah", "8@(%rax,%rdx,8)", "4@$5") into out. Returns 0, or -1 when it
 * cannot be decoded (a symbol, a segment prefix, an xmm register). */
int prov_usdt_parse_arg(const char *spec, prov_usdt_arg *out);

#endif
