/* Subroutines behind the CALL instruction (internal to probevm/). */
#ifndef PVM_SUBR_H
#define PVM_SUBR_H

#include "probevm/pvm.h"

/* Call subroutine id with args (strings already checked non-NULL). Returns
 * PVM_FAULT_NONE with *out set, or a fault kind with *addr set. */
int pvm_subr_call(pvm_state *st, int id, const uint64_t *args, uint32_t nargs,
		  const pvm_ctx *ctx, uint64_t *out, uint64_t *addr);

/* The bytes [addr, addr + len) when all lie in checked memory (this clause's
 * scratch space or global memory), else NULL. */
uint8_t *pvm_mem(pvm_state *st, uint64_t addr, uint64_t len);
/* Where checked memory address addr is (NULL: in none), with the bytes
 * from there to its end in *room. */
uint8_t *pvm_mem_at(pvm_state *st, uint64_t addr, int64_t *room);
/* len bytes of this clause's scratch space, 8-aligned (not zeroed), or NULL
 * when it is full. Strings, stacks and alloca()/copyin() memory all come
 * from here. */
uint8_t *pvm_alloca(pvm_state *st, uint64_t len);

#endif
