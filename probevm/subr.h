/* Subroutines behind the CALL instruction (internal to probevm/). */
#ifndef PVM_SUBR_H
#define PVM_SUBR_H

#include "probevm/pvm.h"

/* Call subroutine id with args (strings already checked non-NULL). Returns
 * PVM_FAULT_NONE with *out set, or a fault kind with *addr set. */
int pvm_subr_call(pvm_state *st, int id, const uint64_t *args, uint32_t nargs,
		  const pvm_ctx *ctx, uint64_t *out, uint64_t *addr);

#endif
