/* Aggregation tables and the aggregating functions' arithmetic: one table
 * per CPU, entries in a bounded arena, chained hashing on the encoded key. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "probevm/agg.h"

uint32_t pvm_agg_nvals(const pvm_aggdesc *d)
{
	switch (d->fn) {
	case PVM_AGG_AVG:
		return 2; /* count, sum */
	case PVM_AGG_STDDEV:
		return 4; /* count, sum, sum of squares as 128 bits (lo, hi) */
	case PVM_AGG_QUANTIZE:
		return PVM_QUANTIZE_BUCKETS;
	case PVM_AGG_LQUANTIZE: /* underflow, (limit - base) / step levels, overflow */
		return (uint32_t)((d->param[1] - d->param[0]) / d->param[2]) + 2;
	case PVM_AGG_LLQUANTIZE: /* see llquantize_bucket */
		return (uint32_t)(2 * (d->param[2] - d->param[1] + 1) *
				  (d->param[3] - d->param[3] / d->param[0]) + 3);
	default:
		return 1;
	}
}

int pvm_quantize_bucket(int64_t v)
{
	const int zero = PVM_QUANTIZE_BUCKETS / 2;

	if (v == 0)
		return zero;
	if (v > 0)
		return zero + 1 + (63 - __builtin_clzll((uint64_t)v));
	/* -v of INT64_MIN overflows int64; do it unsigned. INT64_MIN goes
	 * in the lowest bucket (-2^62) as in DTrace: there is none below */
	if (v == INT64_MIN)
		return 0;
	return zero - 1 - (63 - __builtin_clzll(-(uint64_t)v));
}

int64_t pvm_quantize_value(int bucket)
{
	const int zero = PVM_QUANTIZE_BUCKETS / 2;

	if (bucket == zero)
		return 0;
	if (bucket > zero)
		return (int64_t)(1ULL << (bucket - zero - 1));
	return -(int64_t)(1ULL << (zero - 1 - bucket));
}

/* llquantize's buckets, as DTrace lays them out: values beyond -factor^(high+1)
 * (bucket 0), the negative orders of magnitude, a zero bucket for |v| <
 * factor^low (bin0), the positive ones, and beyond factor^(high+1). Each
 * order m has nsteps - nsteps/factor buckets: the low steps of each order
 * would repeat the previous order's range. Products are 128-bit. */
static int llquantize_bucket(const pvm_aggdesc *d, int64_t v)
{
	uint64_t f = (uint64_t)d->param[0], low = (uint64_t)d->param[1];
	uint64_t high = (uint64_t)d->param[2], steps = (uint64_t)d->param[3];
	uint64_t sf = steps / f, per = steps - sf, a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	int64_t bin0 = 1 + (int64_t)((high - low + 1) * per);
	unsigned __int128 lo = 1;

	for (uint64_t i = 0; i < low; i++)
		lo *= f;
	if (a < lo)
		return (int)bin0;
	for (uint64_t m = low; m <= high; m++) {
		unsigned __int128 hi = lo * f;
		if (a < hi) {
			int64_t off = (int64_t)((m - low) * per +
						(uint64_t)((unsigned __int128)a * steps / hi) - sf);
			return (int)(v < 0 ? bin0 - 1 - off : bin0 + 1 + off);
		}
		lo = hi;
	}
	return v < 0 ? 0 : (int)(2 * bin0);
}

static void agg_init(const pvm_aggdesc *d, int64_t *vals)
{
	memset(vals, 0, d->nvals * sizeof(*vals));
	if (d->fn == PVM_AGG_MIN)
		vals[0] = INT64_MAX;
	else if (d->fn == PVM_AGG_MAX)
		vals[0] = INT64_MIN;
}

/* *a += b with C's wrap-around result and no undefined behaviour: a
 * histogram's increment is any 64-bit value. */
static void wadd(int64_t *a, int64_t b)
{
	*a = (int64_t)((uint64_t)*a + (uint64_t)b);
}

void pvm_agg_apply(const pvm_aggdesc *d, int64_t *vals, int64_t v, int64_t incr)
{
	switch (d->fn) {
	case PVM_AGG_COUNT:
		vals[0]++;
		break;
	case PVM_AGG_SUM:
		vals[0] = (int64_t)((uint64_t)vals[0] + (uint64_t)v);
		break;
	case PVM_AGG_MIN:
		if (v < vals[0])
			vals[0] = v;
		break;
	case PVM_AGG_MAX:
		if (v > vals[0])
			vals[0] = v;
		break;
	case PVM_AGG_AVG:
		vals[0]++;
		vals[1] = (int64_t)((uint64_t)vals[1] + (uint64_t)v);
		break;
	case PVM_AGG_STDDEV: {
		unsigned __int128 sq = (unsigned __int128)((__int128)v * v);
		unsigned __int128 acc = ((unsigned __int128)(uint64_t)vals[3] << 64) | (uint64_t)vals[2];
		acc += sq;
		vals[0]++;
		vals[1] = (int64_t)((uint64_t)vals[1] + (uint64_t)v);
		vals[2] = (int64_t)(uint64_t)acc;
		vals[3] = (int64_t)(uint64_t)(acc >> 64);
		break;
	}
	case PVM_AGG_QUANTIZE:
		wadd(&vals[pvm_quantize_bucket(v)], incr);
		break;
	case PVM_AGG_LQUANTIZE: {
		int64_t base = d->param[0], step = d->param[2];
		int64_t levels = (d->param[1] - base) / step;
		/* v - base without overflow: v >= base there */
		uint64_t off = (uint64_t)v - (uint64_t)base;
		if (v < base)
			wadd(&vals[0], incr);
		else if (off >= (uint64_t)(levels * step))
			wadd(&vals[levels + 1], incr);
		else
			wadd(&vals[1 + off / (uint64_t)step], incr);
		break;
	}
	case PVM_AGG_LLQUANTIZE:
		wadd(&vals[llquantize_bucket(d, v)], incr);
		break;
	}
}

void pvm_agg_merge(const pvm_aggdesc *d, int64_t *dst, const int64_t *src)
{
	switch (d->fn) {
	case PVM_AGG_MIN:
		if (src[0] < dst[0])
			dst[0] = src[0];
		break;
	case PVM_AGG_MAX:
		if (src[0] > dst[0])
			dst[0] = src[0];
		break;
	case PVM_AGG_STDDEV: {
		unsigned __int128 a = ((unsigned __int128)(uint64_t)dst[3] << 64) | (uint64_t)dst[2];
		unsigned __int128 b = ((unsigned __int128)(uint64_t)src[3] << 64) | (uint64_t)src[2];
		a += b;
		dst[0] += src[0];
		dst[1] = (int64_t)((uint64_t)dst[1] + (uint64_t)src[1]);
		dst[2] = (int64_t)(uint64_t)a;
		dst[3] = (int64_t)(uint64_t)(a >> 64);
		break;
	}
	default:
		for (uint32_t i = 0; i < d->nvals; i++)
			dst[i] = (int64_t)((uint64_t)dst[i] + (uint64_t)src[i]);
	}
}

pvm_aggtab *pvm_aggtab_new(size_t limit)
{
	pvm_aggtab *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->limit = limit;
	t->nbuckets = 1024;
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	if (!t->buckets) {
		free(t);
		return NULL;
	}
	return t;
}

void pvm_aggtab_free(pvm_aggtab *t)
{
	if (!t)
		return;
	for (uint32_t i = 0; i < t->nents; i++)
		free(t->ents[i]);
	free(t->ents);
	free(t->buckets);
	free(t);
}

static int grow(pvm_aggtab *t)
{
	uint32_t nb = t->nbuckets * 2;
	pvm_aggent **b = calloc(nb, sizeof(*b));

	if (!b)
		return -1;
	for (uint32_t i = 0; i < t->nents; i++) {
		pvm_aggent *e = t->ents[i];
		e->next = b[e->hash & (nb - 1)];
		b[e->hash & (nb - 1)] = e;
	}
	free(t->buckets);
	t->buckets = b;
	t->nbuckets = nb;
	return 0;
}

pvm_aggent *pvm_aggtab_insert(pvm_aggtab *t, const pvm_aggdesc *d, uint32_t aggid, const uint8_t *key,
			      uint32_t keylen, uint64_t h)
{
	pvm_aggent *e;
	size_t need = sizeof(*e) + ((keylen + 7) & ~7u) + d->nvals * sizeof(int64_t);
	if (t->used + need > t->limit) {
		t->drops++;
		return NULL;
	}
	if (t->nents == t->entcap) {
		uint32_t cap = t->entcap ? t->entcap * 2 : 256;
		pvm_aggent **n = realloc(t->ents, cap * sizeof(*n));
		if (!n) {
			t->drops++;
			return NULL;
		}
		t->ents = n;
		t->entcap = cap;
	}
	if (t->nents >= t->nbuckets && grow(t) < 0) {
		t->drops++;
		return NULL;
	}
	if (!(e = malloc(need))) {
		t->drops++;
		return NULL;
	}
	t->used += need;
	e->size = (uint32_t)need;
	e->hash = h;
	e->aggid = aggid;
	e->keylen = keylen;
	e->seq = t->nents;
	e->vals = (int64_t *)(e->key + ((keylen + 7) & ~7u));
	memcpy(e->key, key, keylen);
	agg_init(d, e->vals);
	e->next = t->buckets[h & (t->nbuckets - 1)];
	t->buckets[h & (t->nbuckets - 1)] = e;
	t->ents[t->nents++] = e;
	return e;
}

void pvm_aggtab_clear(pvm_aggtab *t, const pvm_aggdesc *d, uint32_t aggid)
{
	for (uint32_t i = 0; i < t->nents; i++)
		if (t->ents[i]->aggid == aggid)
			agg_init(d, t->ents[i]->vals);
}

void pvm_aggtab_remove(pvm_aggtab *t, uint32_t aggid, const uint8_t *key, uint32_t keylen)
{
	uint64_t h = pvm_agg_hash(aggid, key, keylen);

	for (pvm_aggent **p = &t->buckets[h & (t->nbuckets - 1)]; *p; p = &(*p)->next) {
		pvm_aggent *e = *p;
		if (e->hash != h || e->aggid != aggid || e->keylen != keylen || memcmp(e->key, key, keylen))
			continue;
		*p = e->next;
		for (uint32_t i = 0, j = 0; i < t->nents; i++)
			if (t->ents[i] != e)
				t->ents[j++] = t->ents[i];
		t->nents--;
		t->used -= e->size;
		free(e);
		return;
	}
}
