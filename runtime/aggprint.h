/* Aggregation output in DTrace's layouts: merged entries of one
 * aggregation, or of several joined by key, sorted as DTrace sorts them,
 * printed as DTrace prints them (scalar values, avg and stddev,
 * quantize/lquantize/llquantize histograms, aggpack's packed lines). */
#ifndef RT_AGGPRINT_H
#define RT_AGGPRINT_H

#include <stdint.h>
#include <stdio.h>

#include "probevm/agg.h"

/* Sorting options, as DTrace's aggsortkey, aggsortkeypos, aggsortpos, aggsortrev. */
typedef struct rt_aggsort {
	int sortkey;     /* sort by key first, then value */
	int sortkeypos;  /* which key position leads when sorting by key (0) */
	int sortpos;     /* which aggregation leads when several are printed together (0) */
	int sortrev;     /* reverse the order */
} rt_aggsort;

/* Sort ents (entries of one aggregation d) in place as DTrace orders them:
 * by value ascending, ties by key ascending, unless opts (NULL: defaults)
 * say otherwise. Histograms compare by the sum of count x bucket value, then
 * the count at zero; integer keys compare unsigned, strings as strcmp.
 * sortpos is for printa() of several aggregations (rt_agg_join_sort). */
void rt_agg_sort(const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n, const rt_aggsort *opts);

/* The value DTrace shows for an entry of a scalar function (count, sum,
 * min, max, avg as sum/count, stddev), divided by normal (1 if unset). */
int64_t rt_agg_scalar(const pvm_aggdesc *d, const int64_t *vals, int64_t normal);

/* Print one entry in the default printa() layout: keys, then the value or
 * histogram. normal is the normalize() factor (1 when unset). */
void rt_agg_print_entry(FILE *out, const pvm_aggdesc *d, const pvm_aggent *e, int64_t normal);

/* Print a whole aggregation as printa(@a) without a format does: a newline,
 * then every entry in sorted order (ents is sorted in place). Entries with
 * all-zero values after clear() are still printed, as DTrace does. Not for
 * the aggregations printed at exit: see rt_agg_print_entries. */
void rt_agg_print(FILE *out, const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n,
		  const rt_aggsort *opts, int64_t normal);

/* Added with aggprint.c. */

/* Print every entry in sorted order (ents is sorted in place) with no
 * leading newline. At exit DTrace prints one newline in all, then each
 * aggregation not yet printed this way, one straight after the other. */
void rt_agg_print_entries(FILE *out, const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n,
			  const rt_aggsort *opts, int64_t normal);

/* printa(@a, @b, ...): several aggregations with the same key signature
 * side by side, as dt_aggregate_walk_joined bundles them. One row per key
 * found in any of them; a row's cell for an aggregation lacking the key
 * shows zero-filled value slots. */
typedef struct rt_aggjoin {
	int k;                            /* aggregations, in printa() order */
	const pvm_aggdesc *const *descs;  /* their descriptors (k) */
	uint32_t nrows;
	struct joinrow **rows;
	const int64_t *zeros;             /* the value slots of a missing cell */
} rt_aggjoin;

/* Join k aggregations: ents[a] holds the n[a] merged entries of descs[a]
 * (an aggregation printed twice appears twice). Returns 0 or -ENOMEM; free with
 * rt_agg_join_free. Rows are unsorted until rt_agg_join_sort. */
int rt_agg_join(rt_aggjoin *j, int k, const pvm_aggdesc *const *descs,
		pvm_aggent *const *const *ents, const uint32_t *n);
void rt_agg_join_free(rt_aggjoin *j);

/* Sort the rows as DTrace does: by the value of aggregation sortpos (0 when
 * out of range), ties by the next one's, wrapping round, then by key;
 * aggsortkey puts the key first; aggsortrev reverses the order. */
void rt_agg_join_sort(rt_aggjoin *j, const rt_aggsort *opts);

/* Row r's key (an entry holding it) and that entry's descriptor in *d. */
const pvm_aggent *rt_agg_join_key(const rt_aggjoin *j, uint32_t r, const pvm_aggdesc **d);
/* Row r's value slots for aggregation a (zeros when it lacks the key). */
const int64_t *rt_agg_join_vals(const rt_aggjoin *j, uint32_t r, int a);

/* The default layout of printa(@a, @b, ...), without its leading newline:
 * per row the keys, then each aggregation's value (a histogram in full),
 * then a newline. normal[a] is aggregation a's normalize() factor. */
void rt_agg_join_print(FILE *out, const rt_aggjoin *j, const int64_t *normal);

/* The byte size DTrace gives a string key (the strsize option, 256 unless
 * set; 0 restores 256). An empty or unprintable string key prints as a hex
 * dump of that many bytes, as DTrace prints it. */
void rt_agg_set_strsize(uint32_t strsize);

/* The histogram of a quantize, lquantize or llquantize value, as printa()'s
 * %@ conversion shows it. */
void rt_agg_print_hist(FILE *out, const pvm_aggdesc *d, const int64_t *vals, int64_t normal);

/* aggzoom: histogram bars scale to the largest bucket instead of the total
 * (that bucket's bar is 95% of the width, as DTrace draws it). */
void rt_agg_set_zoom(int on);

/* The encoding option: how aggpack draws its buckets, and with utf8 the
 * bars of histograms without negative counts (Unicode blocks). */
enum { RT_ENC_UNSET, RT_ENC_ASCII, RT_ENC_UTF8 };
void rt_agg_set_encoding(int enc);

/* aggpack: rt_agg_print_entries (printa(@a) and the report at exit) prints
 * a quantize or lquantize aggregation as one packed line per key under one
 * header spanning every key's buckets, as illumos DTrace does. printa()
 * with a format or of several aggregations does not pack. */
void rt_agg_set_pack(int on);

/* How stack and symbol keys (PT_STACK) are printed: the consumer's stack
 * printer, which knows symbols. */
void rt_agg_set_stack_printer(void (*fn)(FILE *out, const pvm_stackval *sv, void *arg), void *arg);

#endif
