/* x86-64 instruction boundaries of one function's code, decoded linearly
 * from its first byte with capstone: where offset probes may go and which
 * instructions leave the function (the pid provider's return probes). */
#ifndef PROV_INSN_H
#define PROV_INSN_H

#include <stddef.h>
#include <stdint.h>

enum prov_insn_kind {
	PROV_INSN_OTHER,
	PROV_INSN_RET,          /* ret, ret imm16, repz/bnd ret */
	PROV_INSN_TAILJMP,      /* a direct jmp whose target lies outside the function */
};

typedef struct prov_insn {
	uint32_t off;           /* from the function's start */
	uint8_t len;
	uint8_t kind;           /* enum prov_insn_kind */
} prov_insn;

/* Decode code (len bytes of a function that starts at address addr) into
 * at most max instructions. Returns how many were decoded (decoding stops
 * at the end or at the first byte sequence that is not an instruction), or
 * -1 when the decoder cannot be opened. */
int prov_insn_scan(const uint8_t *code, size_t len, uint64_t addr, prov_insn *out, int max);

/* Can the kernel's uprobes place a breakpoint on the instruction code
 * starts with? Not on lock- or segment-prefixed instructions, software
 * interrupts, port I/O, hlt, system calls, system instructions and VEX or
 * EVEX-encoded (AVX) ones, which
 * it refuses (ENOTSUPP) when the probe is first installed. */
int prov_insn_probeable(const uint8_t *code, size_t len);

#endif
