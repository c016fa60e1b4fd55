/* Aggregation tables: one per CPU, written by the VM with no locking, and
 * merged by the consumer. A table holds (aggregation id, encoded key tuple)
 * -> int64 value slots, in a bounded arena; a full table counts drops. */
#ifndef PVM_AGG_H
#define PVM_AGG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "probevm/pvm.h"

typedef struct pvm_aggent {
	struct pvm_aggent *next; /* hash chain */
	uint64_t hash;
	uint32_t aggid;
	uint32_t keylen;
	uint32_t seq;       /* insertion order, for stable output */
	uint32_t size;      /* bytes charged against the table's limit */
	int64_t *vals;      /* desc->nvals slots */
	uint8_t key[];      /* keylen bytes, tuple encoding */
} pvm_aggent;

typedef struct pvm_aggtab {
	pvm_aggent **buckets;
	uint32_t nbuckets;
	uint32_t nents;
	uint8_t *arena;
	size_t used, limit;
	uint64_t drops;
	pvm_aggent **ents; /* every entry, in insertion order */
	uint32_t entcap;
} pvm_aggtab;

pvm_aggtab *pvm_aggtab_new(size_t limit);
void pvm_aggtab_free(pvm_aggtab *t);

/* The hash of an aggregation key, eight key bytes per step (a multiply and
 * a shift mix each word in): keys are short, and this runs on every
 * aggregating event. */
#define PVM_AGG_INLINE static inline __attribute__((always_inline))
PVM_AGG_INLINE uint64_t pvm_agg_hash(uint32_t aggid, const uint8_t *key, uint32_t len)
{
	const uint64_t m = 0x9e3779b97f4a7c15ULL;
	uint64_t h = (0x243f6a8885a308d3ULL ^ aggid ^ ((uint64_t)len << 32)) * m, w;
	uint32_t i = 0;

	if (len >= 8 && len <= 16) {
		/* one short string (@[execname]): two overlapping words, no loop */
		uint64_t w2;
		memcpy(&w, key, 8);
		memcpy(&w2, key + len - 8, 8);
		h = (h ^ w) * m;
		h = (h ^ (h >> 29) ^ w2) * m;
		h ^= h >> 29;
		return h ^ (h >> 32);
	}
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, key + i, 8);
		h = (h ^ w) * m;
		h ^= h >> 29;
	}
	if (i < len) {
		/* the last 1-7 bytes in fixed-size loads (len is in the seed) */
		uint32_t n = len - i, a, b;
		if (n >= 4) {
			memcpy(&a, key + i, 4);
			memcpy(&b, key + len - 4, 4);
			w = a | (uint64_t)b << 32;
		} else {
			w = key[i] | (uint64_t)key[i + n / 2] << 8 | (uint64_t)key[len - 1] << 16;
		}
		h = (h ^ w) * m;
		h ^= h >> 29;
	}
	return h ^ (h >> 32);
}

/* The equality of two keys of len bytes; one of 4 to 16 bytes in two
 * overlapping loads of each (no call). */
PVM_AGG_INLINE int pvm_agg_same_key(const uint8_t *a, const uint8_t *b, uint32_t len)
{
	uint64_t x[2], y[2];
	uint32_t u[2], v[2];

	if (len > 16 || len < 4)
		return memcmp(a, b, len) == 0;
	if (len < 8) {
		memcpy(&u[0], a, 4);
		memcpy(&u[1], a + len - 4, 4);
		memcpy(&v[0], b, 4);
		memcpy(&v[1], b + len - 4, 4);
		return ((u[0] ^ v[0]) | (u[1] ^ v[1])) == 0;
	}
	memcpy(&x[0], a, 8);
	memcpy(&x[1], a + len - 8, 8);
	memcpy(&y[0], b, 8);
	memcpy(&y[1], b + len - 8, 8);
	return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
}

/* A new entry for (aggid, key), of hash h and not in the table; NULL when
 * the table is full (a drop is counted). It starts at the function's
 * identity. */
pvm_aggent *pvm_aggtab_insert(pvm_aggtab *t, const pvm_aggdesc *d, uint32_t aggid, const uint8_t *key,
			      uint32_t keylen, uint64_t h);

/* Find or create the entry for (aggid, key); NULL when the table is full.
 * Inline: the VM runs it per aggregating event, and a call saved half a
 * dozen registers around a lookup of a few dozen instructions. */
PVM_AGG_INLINE pvm_aggent *pvm_aggtab_get(pvm_aggtab *t, const pvm_aggdesc *d, uint32_t aggid,
					  const uint8_t *key, uint32_t keylen)
{
	uint64_t h = pvm_agg_hash(aggid, key, keylen);

	for (pvm_aggent *e = t->buckets[h & (t->nbuckets - 1)]; e; e = e->next)
		if (e->hash == h && e->aggid == aggid && e->keylen == keylen &&
		    pvm_agg_same_key(e->key, key, keylen))
			return e;
	return pvm_aggtab_insert(t, d, aggid, key, keylen, h);
}

/* Fold one value into an entry as the aggregating function does. */
void pvm_agg_apply(const pvm_aggdesc *d, int64_t *vals, int64_t v, int64_t incr);

/* Merge src's value slots into dst's (same function). */
void pvm_agg_merge(const pvm_aggdesc *d, int64_t *dst, const int64_t *src);

/* Remove the entry (aggid, key) if present. */
void pvm_aggtab_remove(pvm_aggtab *t, uint32_t aggid, const uint8_t *key, uint32_t keylen);

/* Reset every entry of aggregation aggid to the function's identity. */
void pvm_aggtab_clear(pvm_aggtab *t, const pvm_aggdesc *d, uint32_t aggid);

/* quantize bucket of v (0 .. PVM_QUANTIZE_BUCKETS-1) and its lower bound. */
int pvm_quantize_bucket(int64_t v);
int64_t pvm_quantize_value(int bucket);

#endif
