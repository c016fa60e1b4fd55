/* The dynamic variable table: chained hashing on (variable, key), every
 * element's value bytes (as the caller counts them) held against the
 * dynvarsize limit. */
#include <stdlib.h>
#include <string.h>

#include "probevm/dynvar.h"

pvm_dyntab *pvm_dyntab_new(size_t limit)
{
	pvm_dyntab *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->limit = limit;
	t->nbuckets = 1024;
	if (!(t->buckets = calloc(t->nbuckets, sizeof(*t->buckets)))) {
		free(t);
		return NULL;
	}
	return t;
}

void pvm_dyn_reap(pvm_dyntab *t)
{
	for (pvm_dynent *e = t->deleted, *n; e; e = n) {
		n = e->next;
		free(e);
	}
	t->deleted = NULL;
}

void pvm_dyntab_free(pvm_dyntab *t)
{
	if (!t)
		return;
	pvm_dyn_reap(t);
	for (uint32_t i = 0; i < t->nbuckets; i++)
		for (pvm_dynent *e = t->buckets[i], *n; e; e = n) {
			n = e->next;
			free(e);
		}
	free(t->buckets);
	free(t);
}

static uint64_t hash(uint32_t varid, const uint8_t *key, uint32_t len)
{
	uint64_t h = 1469598103934665603ULL ^ ((uint64_t)varid << 32);

	for (uint32_t i = 0; i < len; i++)
		h = (h ^ key[i]) * 1099511628211ULL;
	return h;
}

static void grow(pvm_dyntab *t)
{
	uint32_t nb = t->nbuckets * 2;
	pvm_dynent **b = calloc(nb, sizeof(*b));

	if (!b)
		return; /* longer chains, still correct */
	for (uint32_t i = 0; i < t->nbuckets; i++)
		for (pvm_dynent *e = t->buckets[i], *n; e; e = n) {
			n = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	free(t->buckets);
	t->buckets = b;
	t->nbuckets = nb;
}

pvm_dynent *pvm_dyn_get(pvm_dyntab *t, uint32_t varid, const uint8_t *key, uint32_t keylen,
			int create, uint32_t strbytes, uint32_t charge)
{
	uint64_t h = hash(varid, key, keylen);
	pvm_dynent *e;

	for (e = t->buckets[h & (t->nbuckets - 1)]; e; e = e->next)
		if (e->hash == h && e->varid == varid && e->keylen == keylen &&
		    memcmp(e->data, key, keylen) == 0)
			return e;
	if (!create)
		return NULL;
	if (t->used + charge > t->limit || !(e = malloc(sizeof(*e) + keylen + strbytes))) {
		t->drops++;
		return NULL;
	}
	if (t->nents >= t->nbuckets)
		grow(t);
	t->used += charge;
	t->nents++;
	e->hash = h;
	e->size = charge;
	e->varid = varid;
	e->keylen = keylen;
	e->val = strbytes ? (uint64_t)(uintptr_t)(e->data + keylen) : 0;
	if (strbytes)
		e->data[keylen] = 0;
	memcpy(e->data, key, keylen);
	e->next = t->buckets[h & (t->nbuckets - 1)];
	t->buckets[h & (t->nbuckets - 1)] = e;
	return e;
}

void pvm_dyn_del(pvm_dyntab *t, uint32_t varid, const uint8_t *key, uint32_t keylen)
{
	uint64_t h = hash(varid, key, keylen);

	for (pvm_dynent **p = &t->buckets[h & (t->nbuckets - 1)]; *p; p = &(*p)->next) {
		pvm_dynent *e = *p;
		if (e->hash == h && e->varid == varid && e->keylen == keylen &&
		    memcmp(e->data, key, keylen) == 0) {
			*p = e->next;
			t->used -= e->size;
			t->nents--;
			/* freed when the clause is over: a string it loaded from
			 * the element may still be in a register */
			e->next = t->deleted;
			t->deleted = e;
			return;
		}
	}
}
