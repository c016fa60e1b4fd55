/* Dynamic variables: thread-local (self->) values keyed by thread id and
 * associative array elements keyed by tuples, in one table bounded by
 * dynvarsize; a store that does not fit counts a drop, and storing zero
 * frees the element, as in DTrace. */
#ifndef PVM_DYNVAR_H
#define PVM_DYNVAR_H

#include <stddef.h>
#include <stdint.h>

typedef struct pvm_dynent {
	struct pvm_dynent *next;
	uint64_t hash;
	uint32_t varid, keylen;
	uint32_t size;     /* bytes charged against the limit */
	uint64_t val;      /* integer value, or pointer to the string in data */
	uint8_t data[];    /* key bytes, then the string buffer for string variables */
} pvm_dynent;

typedef struct pvm_dyntab {
	pvm_dynent **buckets;
	uint32_t nbuckets, nents;
	size_t used, limit;
	uint64_t drops;
	pvm_dynent *deleted;   /* deleted during the running clause, freed after it */
} pvm_dyntab;

pvm_dyntab *pvm_dyntab_new(size_t limit);
void pvm_dyntab_free(pvm_dyntab *t);

/* The element (varid, key), or NULL. With create, a missing element is
 * made (strbytes of string space after the key) and charge bytes counted
 * against the limit, as DTrace counts a value's size; NULL and a drop
 * when full. */
pvm_dynent *pvm_dyn_get(pvm_dyntab *t, uint32_t varid, const uint8_t *key, uint32_t keylen,
			int create, uint32_t strbytes, uint32_t charge);
void pvm_dyn_del(pvm_dyntab *t, uint32_t varid, const uint8_t *key, uint32_t keylen);
/* Free what pvm_dyn_del took out (the running clause is over). */
void pvm_dyn_reap(pvm_dyntab *t);

#endif
