/* VM state: global variable storage, per-CPU aggregation tables, the record
 * buffer, and the tuple encoding shared by keys and printf arguments. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probevm/agg.h"
#include "probevm/pvm.h"

int pvm_state_init(pvm_state *st, const pvm_prog *prog, uint32_t strsize,
		   uint32_t ncpus, size_t aggsize)
{
	memset(st, 0, sizeof(*st));
	st->prog = prog;
	st->strsize = strsize < 2 ? 2 : strsize;
	st->ncpus = ncpus;
	st->gvals = calloc(prog->nvars + 1, sizeof(*st->gvals));
	st->gstr = calloc(prog->nvars + 1, st->strsize);
	st->aggtab = calloc(ncpus, sizeof(*st->aggtab));
	if (!st->gvals || !st->gstr || !st->aggtab)
		goto fail;
	for (uint32_t i = 0; i < prog->nvars; i++)
		if (prog->vars[i].type == PT_STR)
			st->gvals[i] = (uint64_t)(uintptr_t)(st->gstr + (size_t)i * st->strsize);
	for (uint32_t c = 0; c < ncpus; c++)
		if (!(st->aggtab[c] = pvm_aggtab_new(aggsize)))
			goto fail;
	st->rec.cap = 4096;
	if (!(st->rec.data = malloc(st->rec.cap)))
		goto fail;
	return 0;
fail:
	pvm_state_fini(st);
	return -ENOMEM;
}

void pvm_state_fini(pvm_state *st)
{
	if (st->aggtab)
		for (uint32_t c = 0; c < st->ncpus; c++)
			pvm_aggtab_free(st->aggtab[c]);
	free(st->aggtab);
	free(st->gvals);
	free(st->gstr);
	free(st->rec.data);
	memset(st, 0, sizeof(*st));
}

size_t pvm_tuple_encode(uint8_t *out, size_t cap, const uint64_t *vals,
			const uint8_t *types, uint32_t n, uint32_t strsize)
{
	size_t len = 0;

	for (uint32_t i = 0; i < n; i++) {
		if (types[i] == PT_STR) {
			const char *s = (const char *)(uintptr_t)vals[i];
			size_t l = strnlen(s, strsize - 1);
			if (len + l + 1 > cap)
				return 0;
			memcpy(out + len, s, l);
			out[len + l] = 0;
			len += l + 1;
		} else {
			if (len + 8 > cap)
				return 0;
			memcpy(out + len, &vals[i], 8);
			len += 8;
		}
	}
	return len;
}
