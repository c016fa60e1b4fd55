/* Aggregation tables: one per CPU, written by the VM with no locking, and
 * merged by the consumer. A table holds (aggregation id, encoded key tuple)
 * -> int64 value slots, in a bounded arena; a full table counts drops. */
#ifndef PVM_AGG_H
#define PVM_AGG_H

#include <stddef.h>
#include <stdint.h>

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

/* Find or create the entry for (aggid, key); NULL when the table is full
 * (a drop is counted). New entries start at the function's identity. */
pvm_aggent *pvm_aggtab_get(pvm_aggtab *t, const pvm_aggdesc *d, uint32_t aggid,
			   const uint8_t *key, uint32_t keylen);

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
