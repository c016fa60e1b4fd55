/* VM state: global variable storage, per-CPU aggregation tables, the record
 * buffer, and the tuple encoding shared by keys and printf arguments. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probevm/agg.h"
#include "probevm/dynvar.h"
#include "probevm/pvm.h"

int pvm_state_init(pvm_state *st, const pvm_prog *prog, uint32_t strsize,
		   uint32_t ncpus, size_t aggsize, size_t dynvarsize)
{
	memset(st, 0, sizeof(*st));
	st->prog = prog;
	st->strsize = strsize < 2 ? 2 : strsize > PVM_MAX_STRSIZE ? PVM_MAX_STRSIZE : strsize;
	st->ncpus = ncpus;
	st->gvals = calloc(prog->nvars + 1, sizeof(*st->gvals));
	st->gstr = calloc(prog->nvars + 1, st->strsize);
	st->aggtab = calloc(ncpus, sizeof(*st->aggtab));
	st->cvals = calloc(prog->nvars + 1, sizeof(*st->cvals));
	st->cstr = calloc(prog->nvars + 1, st->strsize);
	/* room for 16 strings, 4 full stacks and 16 KiB of event bytes made
	 * in one clause */
	st->scratch_size = 16 * (size_t)st->strsize + 4 * (sizeof(pvm_stackval) + 8 * PVM_MAX_FRAMES) +
			   16384;
	st->scratch = malloc(st->scratch_size);
	st->amem_size = 16384;
	st->amem = malloc(st->amem_size);
	st->gmem = calloc(1, prog->gmemsize + 1);
	st->lmem = calloc(1, prog->lmemsize + 1);
	st->tokbuf = calloc(1, st->strsize);
	st->dyn = pvm_dyntab_new(dynvarsize);
	st->rand_state = 0x853c49e6748fea9bULL;
	if (!st->gvals || !st->gstr || !st->aggtab || !st->cvals || !st->cstr || !st->scratch || !st->amem ||
	    !st->gmem || !st->lmem || !st->tokbuf || !st->dyn)
		goto fail;
	for (uint32_t i = 0; i < prog->nvars; i++) {
		if (prog->vars[i].type == PT_STR && prog->vars[i].scope == PVM_GLOBAL)
			st->gvals[i] = (uint64_t)(uintptr_t)(st->gstr + (size_t)i * st->strsize);
		if (prog->vars[i].scope == PVM_CLAUSE)
			st->has_locals = 1;
	}
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
	free(st->cvals);
	free(st->cstr);
	free(st->scratch);
	free(st->amem);
	free(st->gmem);
	free(st->lmem);
	free(st->tokbuf);
	pvm_dyntab_free(st->dyn);
	memset(st, 0, sizeof(*st));
}

int pvm_set_scratchsize(pvm_state *st, uint64_t size)
{
	size = (size + 7) & ~(uint64_t)7;
	if (size > (1u << 30))
		size = 1u << 30;
	uint8_t *m = realloc(st->amem, size ? size : 8);
	if (!m)
		return -ENOMEM;
	st->amem = m;
	st->amem_size = (uint32_t)size;
	return 0;
}

void pvm_firing_clear(pvm_state *st)
{
	/* per event: this-> variables start unset (a loop for the few slots
	 * most programs have) */
	uint32_t n = st->prog->nvars + 1;
	if (!st->has_locals)
		;
	else if (n <= 8)
		for (uint32_t i = 0; i < n; i++)
			st->cvals[i] = 0;
	else
		memset(st->cvals, 0, n * sizeof(*st->cvals));
	if (st->prog->lmemsize)
		memset(st->lmem, 0, st->prog->lmemsize);
}

int pvm_agg_count_add(pvm_state *st, uint32_t cpu, uint32_t aggid, const char *const *keys,
		      uint32_t nkeys, uint64_t n)
{
	uint8_t key[PVM_MAX_TUPLE * (8 + PVM_MAX_STRSIZE)], types[PVM_MAX_TUPLE];
	uint64_t vals[PVM_MAX_TUPLE];
	const pvm_aggdesc *d = &st->prog->aggs[aggid];

	if (nkeys > PVM_MAX_TUPLE || cpu >= st->ncpus || d->fn != PVM_AGG_COUNT)
		return -1;
	for (uint32_t i = 0; i < nkeys; i++) {
		vals[i] = (uint64_t)(uintptr_t)keys[i];
		types[i] = PT_STR;
	}
	size_t kl = pvm_tuple_encode(key, sizeof(key), vals, types, nkeys, st->strsize);
	pvm_aggent *e = pvm_aggtab_get(st->aggtab[cpu], d, aggid, key, (uint32_t)kl);
	if (!e)
		return -1;
	e->vals[0] = (int64_t)((uint64_t)e->vals[0] + n);
	return 0;
}

uint64_t pvm_dyn_drops(const pvm_state *st)
{
	return st->dyn ? st->dyn->drops : 0;
}

size_t pvm_tuple_encode(uint8_t *out, size_t cap, const uint64_t *vals,
			const uint8_t *types, uint32_t n, uint32_t strsize)
{
	size_t len = 0;

	for (uint32_t i = 0; i < n; i++) {
		if (types[i] == PT_STACK) {
			const pvm_stackval *sv = (const pvm_stackval *)(uintptr_t)vals[i];
			size_t l = sizeof(*sv) + sv->n * sizeof(uint64_t);
			if (len + l > cap)
				return 0;
			memcpy(out + len, sv, l);
			len += l;
		} else if (types[i] == PT_STR) {
			/* NULL (a string pushed as possibly unset) encodes as "" */
			const char *s = vals[i] ? (const char *)(uintptr_t)vals[i] : "";
			size_t l = 0, max = strsize - 1, sl;
			/* short strings (execname, probefunc) without a byte loop or a call */
			if (len + 16 <= cap && max >= 16 && (sl = pvm_short_string(out + len, s))) {
				len += sl;
				continue;
			}
			if (len + 17 <= cap && max >= 16)
				while (l < 16 && s[l]) {
					out[len + l] = (uint8_t)s[l];
					l++;
				}
			if (l == 16 || len + 17 > cap || max < 16) {
				l = strnlen(s, max);
				if (len + l + 1 > cap)
					return 0;
				memcpy(out + len, s, l);
			}
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

size_t pvm_tuple_len(const uint64_t *vals, const uint8_t *types, uint32_t n, uint32_t strsize)
{
	size_t len = 0;

	for (uint32_t i = 0; i < n; i++) {
		if (types[i] == PT_STACK) {
			const pvm_stackval *sv = (const pvm_stackval *)(uintptr_t)vals[i];
			len += sizeof(*sv) + sv->n * sizeof(uint64_t);
		} else if (types[i] == PT_STR) {
			const char *s = vals[i] ? (const char *)(uintptr_t)vals[i] : "";
			len += strnlen(s, strsize - 1) + 1;
		} else {
			len += 8;
		}
	}
	return len;
}

size_t pvm_tuple_elem_size(const uint8_t *p, uint8_t type)
{
	if (type == PT_STACK) {
		pvm_stackval sv;
		memcpy(&sv, p, sizeof(sv));
		return sizeof(sv) + sv.n * sizeof(uint64_t);
	}
	if (type == PT_STR)
		return strlen((const char *)p) + 1;
	return 8;
}
