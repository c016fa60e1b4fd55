/* The compiler's arena: every allocation of one compilation, released together. */
#include <stdlib.h>
#include <string.h>

#include "dc/ast.h"

typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
} chunk;

struct darena {
	chunk *head;
};

darena *darena_new(void)
{
	return calloc(1, sizeof(darena));
}

void darena_free(darena *a)
{
	if (!a)
		return;
	for (chunk *c = a->head, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	free(a);
}

void *darena_alloc(darena *a, size_t n)
{
	chunk *c = a->head;

	n = (n + 15) & ~(size_t)15;
	if (!c || c->used + n > c->cap) {
		size_t cap = n > 65536 ? n : 65536;
		if (!(c = malloc(sizeof(*c) + cap)))
			abort(); /* out of memory while compiling: nothing sensible to do */
		c->used = 0;
		c->cap = cap;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *darena_strndup(darena *a, const char *s, size_t n)
{
	char *d = darena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

void *darena_push(darena *a, void *arr, int n, size_t elem)
{
	/* capacities are powers of two; grow when n reaches one */
	if (n == 0 || (n & (n - 1)) == 0) {
		void *na = darena_alloc(a, elem * (size_t)(n ? 2 * n : 1));
		if (n)
			memcpy(na, arr, elem * (size_t)n);
		return na;
	}
	return arr;
}
