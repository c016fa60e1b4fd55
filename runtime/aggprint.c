/* Aggregation output in DTrace's default layouts: keys, scalar values, avg
 * and stddev, quantize/lquantize/llquantize histograms (packed with
 * aggpack), and several aggregations joined by key for printa(@a, @b),
 * sorted with DTrace's comparators (libdtrace dt_consume.c and
 * dt_aggregate.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/aggprint.h"
#include "runtime/printval.h"

#define BAR_WIDTH 40
#define LABEL_MAX 16 /* DTrace's llquantize label buffer: 15 characters and a NUL */
#define LABEL_BUF 32 /* room to format a label before cutting it to LABEL_MAX */

static const char ats[] = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";
static const char spaces[] = "                                        ";

/* Byte size DTrace gives a string key record (its strsize option). */
static uint32_t key_strsize = 256;

void rt_agg_set_strsize(uint32_t strsize)
{
	key_strsize = strsize ? strsize : 256;
}

/* ---- keys ---- */

/* One key of an entry, taken from the tuple encoding. */
typedef struct keyval {
	uint64_t u;      /* integer key, reduced to its declared size */
	const char *s;   /* string key (NUL-terminated inside the entry), or NULL */
	const uint8_t *stk; /* stack or symbol key (a pvm_stackval), or NULL */
	uint32_t stklen;
} keyval;

static void (*stack_printer)(FILE *, const pvm_stackval *, void *);
static void *stack_printer_arg;

void rt_agg_set_stack_printer(void (*fn)(FILE *out, const pvm_stackval *sv, void *arg), void *arg)
{
	stack_printer = fn;
	stack_printer_arg = arg;
}

static uint64_t int_key_bits(const pvm_aggdesc *d, int i, uint64_t raw)
{
	switch (d->keysize[i]) {
	case 1:
		return (uint8_t)raw;
	case 2:
		return (uint16_t)raw;
	case 4:
		return (uint32_t)raw;
	default:
		return raw;
	}
}

/* Split e's key tuple into one keyval per key of d; a truncated tuple yields
 * zeros and empty strings rather than reads past the key. */
static void split_key(const pvm_aggdesc *d, const pvm_aggent *e, keyval *k)
{
	uint32_t off = 0;

	for (int i = 0; i < d->nkeys && i < PVM_MAX_TUPLE; i++) {
		k[i].u = 0;
		k[i].s = NULL;
		k[i].stk = NULL;
		if (d->keytype[i] == PT_STACK) {
			pvm_stackval sv;
			if (off + sizeof(sv) > e->keylen) {
				off = e->keylen;
				continue;
			}
			memcpy(&sv, e->key + off, sizeof(sv));
			uint32_t l = (uint32_t)(sizeof(sv) + sv.n * 8u);
			if (off + l > e->keylen) {
				off = e->keylen;
				continue;
			}
			k[i].stk = e->key + off;
			k[i].stklen = l;
			off += l;
		} else if (d->keytype[i] == PT_STR) {
			const uint8_t *p = e->key + off;
			const uint8_t *nul = off < e->keylen ?
				memchr(p, 0, e->keylen - off) : NULL;
			k[i].s = nul ? (const char *)p : "";
			off = nul ? (uint32_t)(nul - e->key) + 1 : e->keylen;
		} else {
			uint64_t raw = 0;
			for (int b = 0; b < 8 && off + b < e->keylen; b++)
				raw |= (uint64_t)e->key[off + b] << (8 * b);
			k[i].u = int_key_bits(d, i, raw);
			off = off + 8 <= e->keylen ? off + 8 : e->keylen;
		}
	}
}

/* A string key prints as text when dt_print_bytes would (it is printable),
 * and when it is empty (illumos dumps an empty key as strsize zero bytes,
 * Oracle's DTrace for Linux prints it empty: a key is a string); otherwise
 * as a hex dump of the whole record, strsize bytes. */
static void print_string_key(FILE *out, const char *s, int packed)
{
	uint8_t buf[PVM_MAX_STRSIZE];
	size_t len = strlen(s), n = key_strsize > len + 1 ? key_strsize : len + 1;

	if (!*s || rt_bytes_are_string((const uint8_t *)s, len + 1)) {
		fprintf(out, packed ? " %16s" : "  %-50s", s);
		return;
	}
	if (n > sizeof(buf))
		n = sizeof(buf);
	memset(buf, 0, n);
	memcpy(buf, s, len < n ? len : n);
	rt_print_rawbytes(out, buf, n);
}

/* Keys as dt_print_datum prints them: 1- and 2-byte integers unsigned, 4- and
 * 8-byte integers signed, whatever the declared signedness; strings left in
 * 50 columns, or with aggpack right in 16. */
static void print_keys_as(FILE *out, const pvm_aggdesc *d, const keyval *k, int packed)
{
	for (int i = 0; i < d->nkeys && i < PVM_MAX_TUPLE; i++) {
		if (k[i].stk) {
			/* aligned copy: the key bytes follow other keys */
			uint64_t buf[1 + PVM_MAX_FRAMES + 1];
			memcpy(buf, k[i].stk, k[i].stklen < sizeof(buf) ? k[i].stklen : sizeof(buf));
			if (stack_printer)
				stack_printer(out, (const pvm_stackval *)buf, stack_printer_arg);
			continue;
		}
		if (d->keytype[i] == PT_STACK)
			continue;
		if (k[i].s) {
			print_string_key(out, k[i].s, packed);
			continue;
		}
		switch (d->keysize[i]) {
		case 1:
			fprintf(out, " %3u", (unsigned)k[i].u);
			break;
		case 2:
			fprintf(out, " %5u", (unsigned)k[i].u);
			break;
		case 4:
			fprintf(out, " %8d", (int)(int32_t)(uint32_t)k[i].u);
			break;
		default:
			fprintf(out, " %16lld", (long long)(int64_t)k[i].u);
		}
	}
}

static void print_keys(FILE *out, const pvm_aggdesc *d, const keyval *k)
{
	print_keys_as(out, d, k, 0);
}

static void print_keys_packed(FILE *out, const pvm_aggdesc *d, const keyval *k)
{
	print_keys_as(out, d, k, 1);
}

/* ---- scalar values ---- */

/* floor(sqrt(x)), exact, as dt_sqrt_128's long-hand method gives it. */
static uint64_t isqrt128(unsigned __int128 x)
{
	unsigned __int128 res = 0, bit = (unsigned __int128)1 << 126;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= res + bit) {
			x -= res + bit;
			res = (res >> 1) + bit;
		} else {
			res >>= 1;
		}
		bit >>= 2;
	}
	return (uint64_t)res;
}

/* dt_stddev: sqrt(avg(x^2) - avg(x)^2) in integers, 128-bit sum of squares.
 * Normalizing divides the sum of squares by normal twice, as illumos does
 * (Oracle's DTrace divides it once, a bug). */
static uint64_t stddev_of(const int64_t *v, int64_t normal)
{
	unsigned __int128 sumsq = ((unsigned __int128)(uint64_t)v[3] << 64) | (uint64_t)v[2];
	unsigned __int128 avgsq, sqavg;
	int64_t avg;
	uint64_t absavg;

	if (v[0] <= 0)
		return 0;
	avgsq = sumsq / (uint64_t)normal / (uint64_t)normal / (uint64_t)v[0];
	avg = v[1] / normal / v[0];
	absavg = avg < 0 ? -(uint64_t)avg : (uint64_t)avg;
	sqavg = (unsigned __int128)absavg * absavg;
	return isqrt128(avgsq - sqavg);
}

/* x / normal, normal >= 1. Signed: DTrace divides the value as unsigned
 * (long long / uint64_t), printing a normalized negative sum as a huge
 * number, a bug not copied. */
static int64_t ndiv(int64_t x, int64_t normal)
{
	return x / normal;
}

int64_t rt_agg_scalar(const pvm_aggdesc *d, const int64_t *vals, int64_t normal)
{
	if (normal < 1)
		normal = 1;
	switch (d->fn) {
	case PVM_AGG_AVG:
		if (vals[0] <= 0)
			return 0;
		return ndiv(vals[1], normal) / vals[0];
	case PVM_AGG_STDDEV:
		return (int64_t)stddev_of(vals, normal);
	default:
		return ndiv(vals[0], normal);
	}
}

/* ---- histograms ---- */

/* The value slot b of an entry, 0 past the slots the table holds. */
static int64_t bucket(const pvm_aggdesc *d, const int64_t *vals, int64_t b)
{
	return b >= 0 && b < (int64_t)d->nvals ? vals[b] : 0;
}

typedef struct histo {
	long double total;
	int positives, negatives;
} histo;

/* aggzoom: bars scale to the largest bucket, not the total: the largest
 * bar is DTRACE_AGGZOOM_MAX (95%) of the full width. */
#define AGGZOOM_MAX 0.95
static int zoom;

void rt_agg_set_zoom(int on)
{
	zoom = on;
}

/* dt_quantize_total: add bucket value v to a histogram's total, or with
 * aggzoom keep the largest |v| / 0.95. */
static void add_total(long double *total, int64_t v)
{
	long double m = v < 0 ? -(long double)v : (long double)v;

	if (!zoom)
		*total += m;
	else if (m * (1 / AGGZOOM_MAX) > *total)
		*total = m * (1 / AGGZOOM_MAX);
}

static void histo_scan(histo *h, const pvm_aggdesc *d, const int64_t *vals, int64_t first,
		       int64_t last)
{
	h->total = 0;
	h->positives = h->negatives = 0;
	for (int64_t i = first; i <= last; i++) {
		int64_t v = bucket(d, vals, i);
		h->positives |= v > 0;
		h->negatives |= v < 0;
		add_total(&h->total, v);
	}
}

/* The encoding option: unset, ascii or utf8 (RT_ENC_*). */
static int encoding;

void rt_agg_set_encoding(int enc)
{
	encoding = enc;
}

/* A code point of the Unicode Block Elements (U+2580 .. U+259F) in UTF-8. */
static void put_block(FILE *out, unsigned cp)
{
	fputc(0xe0 | (cp >> 12), out);
	fputc(0x80 | ((cp >> 6) & 0x3f), out);
	fputc(0x80 | (cp & 0x3f), out);
}

/* dt_print_quantline_utf8 (encoding=utf8, no negative counts): whole
 * blocks U+2588 and one partial block of eighths U+2589 .. U+258F. */
static void print_bar_utf8(FILE *out, const histo *h, int64_t val, int64_t normal)
{
	long double f = (val < 0 ? -(long double)val : (long double)val) * BAR_WIDTH / h->total;
	unsigned whole = (unsigned)f, partial = (unsigned)((f - (long double)(unsigned)f) * 8), i;

	fputc('|', out);
	for (i = 0; i < whole && i < BAR_WIDTH; i++)
		put_block(out, 0x2588);
	if (partial && i < BAR_WIDTH) {
		put_block(out, 0x258f - (partial - 1));
		i++;
	}
	fprintf(out, "%s %-9lld\n", spaces + i, (long long)ndiv(val, normal));
}

static void print_histo_header(FILE *out)
{
	fprintf(out, "\n%16s %41s %-9s\n", "value", "------------- Distribution -------------",
		"count");
}

/* dt_print_quantline: the bar and count after a row's label. Bars are
 * round-half-up of |val| * width / total; a histogram with only negative
 * counts draws them right-aligned before the '|', one with both signs draws
 * half-width bars on either side of it. */
static void print_bar(FILE *out, const histo *h, int64_t val, int64_t normal)
{
	long double mag = val < 0 ? -(long double)val : (long double)val;
	long long shown = (long long)ndiv(val, normal);
	unsigned depth, len = BAR_WIDTH;

	if (!h->negatives) {
		if (h->positives && encoding == RT_ENC_UTF8) {
			print_bar_utf8(out, h, val, normal);
			return;
		}
		depth = h->positives ? (unsigned)(mag * len / h->total + 0.5) : 0;
		fprintf(out, "|%s%s %-9lld\n", ats + len - depth, spaces + depth, shown);
		return;
	}
	if (!h->positives) {
		depth = (unsigned)(mag * len / h->total + 0.5);
		fprintf(out, "%s%s| %-9lld\n", spaces + depth, ats + len - depth, shown);
		return;
	}
	len /= 2;
	depth = (unsigned)(mag * len / h->total + 0.5);
	if (val <= 0)
		fprintf(out, "%s%s|%*s %-9lld\n", spaces + BAR_WIDTH - len + depth,
			ats + BAR_WIDTH - depth, (int)len, "", shown);
	else
		fprintf(out, "%*s|%s%s %-9lld\n", (int)len, "", ats + BAR_WIDTH - depth,
			spaces + BAR_WIDTH - len + depth, shown);
}

/* Rows [first, last] of a histogram of nb buckets: from the bucket before the
 * first non-zero one to the one after the last; an all-zero histogram shows
 * the three rows from zfirst (around zero for quantize, the lowest three for
 * lquantize). */
static void shown_range(const pvm_aggdesc *d, const int64_t *vals, int64_t nb,
			int64_t zfirst, int64_t *first, int64_t *last)
{
	int64_t f = 0, l = nb - 1;

	while (f <= l && bucket(d, vals, f) == 0)
		f++;
	if (f > l) {
		*first = zfirst;
		*last = zfirst + 2;
		return;
	}
	if (f > 0)
		f--;
	while (l > 0 && bucket(d, vals, l) == 0)
		l--;
	if (l < nb - 1)
		l++;
	*first = f;
	*last = l;
}

static void print_quantize(FILE *out, const pvm_aggdesc *d, const int64_t *vals, int64_t normal)
{
	int64_t first, last;
	histo h;

	shown_range(d, vals, PVM_QUANTIZE_BUCKETS, PVM_QUANTIZE_BUCKETS / 2 - 1, &first, &last);
	histo_scan(&h, d, vals, first, last);
	print_histo_header(out);
	for (int64_t i = first; i <= last; i++) {
		fprintf(out, "%16lld ", (long long)pvm_quantize_value((int)i));
		print_bar(out, &h, bucket(d, vals, i), normal);
	}
}

static void print_lquantize(FILE *out, const pvm_aggdesc *d, const int64_t *vals, int64_t normal)
{
	int64_t base = d->param[0], step = d->param[2];
	int64_t levels = step > 0 ? (d->param[1] - base) / step : 0;
	int64_t first, last;
	histo h;

	shown_range(d, vals, levels + 2, 0, &first, &last);
	histo_scan(&h, d, vals, first, last);
	print_histo_header(out);
	for (int64_t i = first; i <= last; i++) {
		char c[32];

		if (i == 0) {
			snprintf(c, sizeof(c), "< %lld", (long long)base);
			fprintf(out, "%16s ", c);
		} else if (i == levels + 1) {
			snprintf(c, sizeof(c), ">= %lld", (long long)(base + levels * step));
			fprintf(out, "%16s ", c);
		} else {
			fprintf(out, "%16lld ", (long long)(base + (i - 1) * step));
		}
		print_bar(out, &h, bucket(d, vals, i), normal);
	}
}

/* llquantize as Oracle's DTrace lays it out (dt_print_llquantize), for
 * factor f, magnitudes lmag..hmag and steps per magnitude, sf = steps / f,
 * R = (hmag - lmag + 1) * (steps - sf) bins a side:
 *   0            values <= -f^(hmag+1)
 *   1 .. R       negative values, mirroring the positive bins
 *   bin0 = R+1   |value| < f^lmag (just 0 when lmag is 0)
 *   bin0+1 ..    positive values: each magnitude [f^m, f^(m+1)) in steps - sf
 *                linear bins of width f^(m+1) / steps
 *   2R+2         values >= f^(hmag+1)
 * With lmag 0 and steps > f the first magnitude's bins are narrower than 1,
 * so only every sf-th holds values; the others ("ghost bins") have no label
 * and are never printed. */
typedef struct llq {
	uint64_t factor, lmag, hmag, steps, sf;
	int64_t per, nbins, bin0;
} llq;

static int llq_init(llq *q, const pvm_aggdesc *d)
{
	q->factor = (uint64_t)d->param[0];
	q->lmag = (uint64_t)d->param[1];
	q->hmag = (uint64_t)d->param[2];
	q->steps = (uint64_t)d->param[3];
	if (q->factor < 2 || q->steps == 0 || q->hmag < q->lmag)
		return -1;
	q->sf = q->steps / q->factor;
	q->per = (int64_t)(q->steps - q->sf);
	q->bin0 = 1 + (int64_t)(q->hmag - q->lmag + 1) * q->per;
	q->nbins = 2 * q->bin0 + 1;
	return 0;
}

static uint64_t upow(uint64_t b, uint64_t e)
{
	uint64_t r = 1;

	while (e--)
		r *= b;
	return r;
}

/* The value that labels the i-th bin away from bin0 (1 <= i <= R+1, the
 * last being the overflow bin), or 0 for a ghost bin. As DTrace computes it:
 * step * (f^(mag+1) / steps) for step sf+1 .. steps in each magnitude. */
static uint64_t llq_value(const llq *q, int64_t i)
{
	uint64_t mag = q->lmag, scale;
	int64_t j = i - 1;

	if (i == 1)
		return upow(q->factor, q->lmag);
	if (q->lmag == 0 && q->steps > q->factor) {
		int64_t span = (int64_t)((q->factor - 1) * q->sf);

		if (j <= span)
			return j % (int64_t)q->sf ? 0 : (uint64_t)j / q->sf + 1;
		j -= span;
		mag = 1;
	}
	scale = upow(q->factor, mag + 1) / q->steps * upow(q->factor, (uint64_t)(j - 1) / q->per);
	return (q->sf + 1 + (uint64_t)(j - 1) % q->per) * scale;
}

/* The label of bin b into c, or 0 for a ghost bin. first is the first bin
 * shown: the zero bin reads "< N" when nothing negative is shown, "abs() < N"
 * otherwise. Labels keep DTrace's 15-character limit. */
static int llq_label(const llq *q, int64_t b, int64_t first, char *c)
{
	uint64_t v;

	if (b == 0 || b == q->nbins - 1) {
		snprintf(c, LABEL_BUF, b == 0 ? "<= -%llu" : ">= %llu",
			 (unsigned long long)upow(q->factor, q->hmag + 1));
		return 1;
	}
	if (b == q->bin0) {
		v = upow(q->factor, q->lmag);
		if (v == 1)
			snprintf(c, LABEL_BUF, "0");
		else
			snprintf(c, LABEL_BUF, first >= q->bin0 ? "< %llu" : "abs() < %llu",
				 (unsigned long long)v);
		return 1;
	}
	v = llq_value(q, b < q->bin0 ? q->bin0 - b : b - q->bin0);
	if (!v)
		return 0;
	snprintf(c, LABEL_BUF, "%s%llu", b < q->bin0 ? "-" : "", (unsigned long long)v);
	return 1;
}

/* llq_label cut to DTrace's 15 characters. */
static int llq_label_cut(const llq *q, int64_t b, int64_t first, char *c)
{
	int r = llq_label(q, b, first, c);

	c[LABEL_MAX - 1] = '\0';
	return r;
}

static void print_llquantize(FILE *out, const pvm_aggdesc *d, const int64_t *vals, int64_t normal)
{
	char first_lab[LABEL_BUF] = "", last_lab[LABEL_BUF] = "";
	int64_t first = 0, last, pad;
	histo h;
	llq q;

	if (llq_init(&q, d) < 0)
		return;
	last = q.nbins - 1;
	while (first <= last && bucket(d, vals, first) == 0)
		first++;
	if (first > last) {
		first = last = q.bin0 + 1;
	} else {
		while (bucket(d, vals, last) == 0)
			last--;
	}
	histo_scan(&h, d, vals, first, last);
	print_histo_header(out);
	if (first > 0)
		first--;
	if (last < q.nbins - 1)
		last++;

	/* A ghost bin at either end borrows the nearest label outward. */
	pad = q.lmag == 0 && q.steps > q.factor ? (int64_t)q.sf : 0;
	if (!llq_label_cut(&q, first, first, first_lab))
		for (int64_t i = 1; i < pad && first - i >= 0; i++)
			if (llq_label_cut(&q, first - i, first, first_lab))
				break;
	if (last != first && !llq_label_cut(&q, last, first, last_lab))
		for (int64_t i = 1; i < pad && last + i < q.nbins; i++)
			if (llq_label_cut(&q, last + i, first, last_lab))
				break;

	for (int64_t i = first; i <= last; i++) {
		char c[LABEL_BUF] = "";

		if (i == first)
			memcpy(c, first_lab, sizeof(c));
		else if (i == last)
			memcpy(c, last_lab, sizeof(c));
		else
			llq_label_cut(&q, i, first, c);
		if (!c[0])
			continue;
		fprintf(out, "%16s ", c);
		print_bar(out, &h, bucket(d, vals, i), normal);
	}
}

/* ---- aggpack: one packed line per key (illumos dt_print_*_packed) ---- */

static int pack;

void rt_agg_set_pack(int on)
{
	pack = on;
}

/* Only quantize and lquantize pack; the others print as usual. */
static int packable(const pvm_aggdesc *d)
{
	return pack && (d->fn == PVM_AGG_QUANTIZE || d->fn == PVM_AGG_LQUANTIZE);
}

/* dt_ndigits: the width of a packed histogram's bound, at least 4. Its test
 * is '>', so 10, 100, 1000 ... count one digit short, as DTrace counts. */
static int ndigits(long long v)
{
	long long cmp = 10;
	int r = 1;

	if (v < 0) {
		v = v == INT64_MIN ? INT64_MAX : -v;
		r++;
	}
	while (v > cmp) {
		r++;
		if (cmp > INT64_MAX / 10)
			break; /* DTrace's cmp overflows here and its loop ends */
		cmp *= 10;
	}
	return r < 4 ? 4 : r;
}

/* The column a key takes in a packed header: dt_print_datum's packed width
 * for a record of that size (1: 3, 2: 5, 4: 8, anything else 16), and the
 * space before it. */
static int pack_width(uint32_t size)
{
	return (size == 1 ? 3 : size == 2 ? 5 : size == 4 ? 8 : 16) + 1;
}

static int pack_key_width(const pvm_aggdesc *d, int k)
{
	if (d->keytype[k] == PT_STR)
		return pack_width(key_strsize);
	if (d->keytype[k] == PT_STACK)
		return pack_width(0);
	return pack_width(d->keysize[k]);
}

/* dt_print_packed: one bucket as one character: blank for 0; for negative
 * counts "vvvvVV"; for positive ones eight levels, ASCII "__xxxxXX" or the
 * blocks U+2581 .. U+2588. UTF-8 unless encoding=ascii or TERM is sun,
 * sun-color or dumb (where DTrace knows the terminal cannot draw them). */
static void print_packed(FILE *out, int64_t datum, long double total)
{
	static const char ascii[] = "__xxxxXX", neg[] = "vvvvVV";
	const char *term = getenv("TERM");
	int utf8 = encoding ? encoding == RT_ENC_UTF8 :
		   !(term && (!strcmp(term, "sun") || !strcmp(term, "sun-color") ||
			      !strcmp(term, "dumb")));
	unsigned i;

	if (datum == 0) {
		fputc(' ', out);
		return;
	}
	if (datum < 0) {
		i = (unsigned)(-(long double)datum * (sizeof(neg) - 2) / total + 0.5);
		fputc(neg[i < sizeof(neg) - 1 ? i : sizeof(neg) - 2], out);
		return;
	}
	i = (unsigned)((long double)datum * (sizeof(ascii) - 2) / total + 0.5);
	if (i > sizeof(ascii) - 2)
		i = sizeof(ascii) - 2;
	if (utf8)
		put_block(out, 0x2581 + i);
	else
		fputc(ascii[i], out);
}

/* The buckets a packed aggregation shows (dt_aggregate_minmaxbin, then the
 * widening of dt_print_quantize_packed): for quantize, from the bucket
 * before the lowest non-zero one of any entry (unless that is the zero
 * bucket) to the one after the highest; an entry with no counts stands for
 * the zero bucket. For lquantize, every bucket. */
static void pack_range(const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n, int64_t *min,
		       int64_t *max)
{
	const int zero = PVM_QUANTIZE_BUCKETS / 2;

	if (d->fn == PVM_AGG_LQUANTIZE) {
		int64_t levels = d->param[2] > 0 ? (d->param[1] - d->param[0]) / d->param[2] : 0;

		*min = 0;
		*max = levels + 1;
		return;
	}
	*min = PVM_QUANTIZE_BUCKETS;
	*max = -1;
	for (uint32_t e = 0; e < n; e++) {
		int64_t lo = -1, hi = -1;

		for (int64_t i = 0; i < PVM_QUANTIZE_BUCKETS; i++) {
			if (!bucket(d, ents[e]->vals, i))
				continue;
			if (lo < 0)
				lo = i;
			hi = i;
		}
		if (lo < 0)
			lo = hi = zero;
		if (lo < *min)
			*min = lo;
		if (hi > *max)
			*max = hi;
	}
	if (*min != 0 && *min != zero)
		(*min)--;
	if (*max < PVM_QUANTIZE_BUCKETS - 1)
		(*max)++;
}

/* dt_print_quanthdr_packed: "key", "min", a dash per bucket, "max", "count". */
static void print_pack_header(FILE *out, const pvm_aggdesc *d, int64_t min, int64_t max)
{
	int width = 0, minw = 7, maxw = 8;

	for (int k = 0; k < d->nkeys && k < PVM_MAX_TUPLE; k++)
		width += pack_key_width(d, k);
	if (d->fn == PVM_AGG_QUANTIZE) {
		minw = ndigits(pvm_quantize_value((int)min));
		maxw = ndigits(pvm_quantize_value((int)max));
	}
	fprintf(out, "\n%*s %*s .", width, width > 0 ? "key" : "", minw, "min");
	for (int64_t i = min; i <= max; i++)
		fputc('-', out);
	fprintf(out, ". %*s | count\n", -maxw, "max");
}

/* dt_print_quantize_packed / dt_print_lquantize_packed: the low bound, a
 * character per bucket, the high bound and the sum of the counts (neither
 * normalized, as DTrace prints them). */
static void print_pack_row(FILE *out, const pvm_aggdesc *d, const int64_t *vals, int64_t min,
			   int64_t max)
{
	long double total = 0, count = 0;
	char c[LABEL_BUF];

	if (d->fn == PVM_AGG_QUANTIZE) {
		long long v = (long long)pvm_quantize_value((int)min);
		fprintf(out, " %*lld :", ndigits(v), v);
	} else {
		snprintf(c, sizeof(c), "< %lld", (long long)d->param[0]);
		fprintf(out, "%8s :", c);
	}
	for (int64_t i = min; i <= max; i++) {
		add_total(&total, bucket(d, vals, i));
		count += bucket(d, vals, i);
	}
	for (int64_t i = min; i <= max; i++)
		print_packed(out, bucket(d, vals, i), total);
	if (d->fn == PVM_AGG_QUANTIZE) {
		long long v = (long long)pvm_quantize_value((int)max);
		fprintf(out, ": %*lld | %lld\n", -ndigits(v), v, (long long)count);
	} else {
		int64_t levels = d->param[2] > 0 ? (d->param[1] - d->param[0]) / d->param[2] : 0;
		snprintf(c, sizeof(c), ">= %lld", (long long)(d->param[0] + levels * d->param[2]));
		fprintf(out, ": %-8s | %lld\n", c, (long long)count);
	}
}

static void print_keys_packed(FILE *out, const pvm_aggdesc *d, const keyval *k);

/* A whole packed aggregation: the header, then each entry's keys and line. */
static void print_packed_agg(FILE *out, const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n)
{
	int64_t min, max;

	pack_range(d, ents, n, &min, &max);
	print_pack_header(out, d, d->fn == PVM_AGG_QUANTIZE ? min : 1,
			  d->fn == PVM_AGG_QUANTIZE ? max : max + 1);
	for (uint32_t e = 0; e < n; e++) {
		keyval k[PVM_MAX_TUPLE];

		split_key(d, ents[e], k);
		print_keys_packed(out, d, k);
		print_pack_row(out, d, ents[e]->vals, min, max);
	}
}

/* ---- sorting ---- */

/* dt_aggregate_quantizedcmp and friends: a histogram's weight is the sum of
 * each bucket's count times its value; ties go to the count at zero. */
static void histo_weight(const pvm_aggdesc *d, const int64_t *v, long double *sum, int64_t *zero)
{
	*sum = 0;
	*zero = 0;
	switch (d->fn) {
	case PVM_AGG_QUANTIZE:
		for (int i = 0; i < PVM_QUANTIZE_BUCKETS; i++)
			*sum += (long double)pvm_quantize_value(i) * (long double)bucket(d, v, i);
		*zero = bucket(d, v, PVM_QUANTIZE_BUCKETS / 2);
		break;
	case PVM_AGG_LQUANTIZE: {
		int64_t base = d->param[0], step = d->param[2];
		int64_t levels = step > 0 ? (d->param[1] - base) / step : 0, b = base;

		*sum = (long double)bucket(d, v, 0) * (long double)(base - 1);
		if (base - 1 == 0)
			*zero = bucket(d, v, 0);
		for (int64_t i = 0; i < levels; i++, b += step) {
			*sum += (long double)bucket(d, v, i + 1) * (long double)b;
			if (b == 0)
				*zero = bucket(d, v, i + 1);
		}
		*sum += (long double)bucket(d, v, levels + 1) * (long double)(b + 1);
		if (b + 1 == 0)
			*zero = bucket(d, v, levels + 1);
		break;
	}
	case PVM_AGG_LLQUANTIZE: {
		llq q;

		if (llq_init(&q, d) < 0)
			break;
		/* every bin but the zero one, weighted by the value of its label */
		for (int64_t i = 1; i <= q.bin0; i++) {
			int64_t diff = bucket(d, v, q.bin0 + i) - bucket(d, v, q.bin0 - i);

			if (diff)
				*sum += (long double)llq_value(&q, i) * (long double)diff;
		}
		*zero = bucket(d, v, q.bin0);
		break;
	}
	}
}

/* dt_aggregate_valcmp on the value slots a and b of aggregation d. */
static int valcmp(const pvm_aggdesc *d, const int64_t *a, const int64_t *b)
{
	switch (d->fn) {
	case PVM_AGG_AVG: {
		int64_t x = a[0] > 0 ? a[1] / a[0] : 0;
		int64_t y = b[0] > 0 ? b[1] / b[0] : 0;
		return x < y ? -1 : x > y;
	}
	case PVM_AGG_STDDEV: {
		uint64_t x = stddev_of(a, 1), y = stddev_of(b, 1);
		return x < y ? -1 : x > y;
	}
	case PVM_AGG_QUANTIZE:
	case PVM_AGG_LQUANTIZE:
	case PVM_AGG_LLQUANTIZE: {
		long double sa, sb;
		int64_t za, zb;

		histo_weight(d, a, &sa, &za);
		histo_weight(d, b, &sb, &zb);
		if (sa != sb)
			return sa < sb ? -1 : 1;
		return za < zb ? -1 : za > zb;
	}
	default:
		return a[0] < b[0] ? -1 : a[0] > b[0];
	}
}

/* dt_aggregate_keycmp: keys in order starting at position keypos (0 when out
 * of range) and wrapping round; integers compare unsigned, strings bytewise.
 * a is an entry of aggregation da, b of db (the same key signature); integer
 * keys of different sizes order by size first, as DTrace's records do. */
static int keycmp2(const pvm_aggdesc *da, const pvm_aggent *a, const pvm_aggdesc *db,
		   const pvm_aggent *b, int keypos)
{
	keyval ka[PVM_MAX_TUPLE], kb[PVM_MAX_TUPLE];
	int n = da->nkeys < PVM_MAX_TUPLE ? da->nkeys : PVM_MAX_TUPLE;

	split_key(da, a, ka);
	split_key(db, b, kb);
	if (keypos < 0 || keypos >= n)
		keypos = 0;
	for (int j = 0; j < n; j++) {
		int i = (keypos + j) % n;

		if (da->keytype[i] == PT_INT && da->keysize[i] != db->keysize[i])
			return da->keysize[i] < db->keysize[i] ? -1 : 1;
		if (ka[i].stk || kb[i].stk) {
			/* stacks order by their addresses, as DTrace compares them */
			uint32_t la = ka[i].stk ? ka[i].stklen : 0, lb = kb[i].stk ? kb[i].stklen : 0;
			int r = memcmp(ka[i].stk ? ka[i].stk : (const uint8_t *)"", kb[i].stk ? kb[i].stk :
				       (const uint8_t *)"", la < lb ? la : lb);
			if (r || la != lb)
				return r ? (r < 0 ? -1 : 1) : (la < lb ? -1 : 1);
		} else if (ka[i].s) {
			int r = strcmp(ka[i].s, kb[i].s);
			if (r)
				return r < 0 ? -1 : 1;
		} else if (ka[i].u != kb[i].u) {
			return ka[i].u < kb[i].u ? -1 : 1;
		}
	}
	return 0;
}

static int keycmp(const pvm_aggdesc *d, const pvm_aggent *a, const pvm_aggent *b, int keypos)
{
	return keycmp2(d, a, d, b, keypos);
}

typedef struct sortctx {
	const pvm_aggdesc *d;
	rt_aggsort opts;
} sortctx;

static int entcmp(const void *pa, const void *pb, void *arg)
{
	const sortctx *c = arg;
	const pvm_aggent *a = *(pvm_aggent *const *)pa, *b = *(pvm_aggent *const *)pb;
	int r;

	if (c->opts.sortkey) {
		r = keycmp(c->d, a, b, c->opts.sortkeypos);
	} else {
		r = valcmp(c->d, a->vals, b->vals);
		if (!r)
			r = keycmp(c->d, a, b, c->opts.sortkeypos);
	}
	if (c->opts.sortrev)
		r = -r;
	if (!r) /* equal keys cannot happen in one aggregation; stay deterministic */
		r = a->seq < b->seq ? -1 : a->seq > b->seq;
	return r;
}

void rt_agg_sort(const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n, const rt_aggsort *opts)
{
	sortctx c = { .d = d };

	if (opts)
		c.opts = *opts;
	if (n > 1)
		qsort_r(ents, n, sizeof(*ents), entcmp, &c);
}

/* ---- entries ---- */

/* One value as dt_print_datum prints it in the default layout. */
static void print_value(FILE *out, const pvm_aggdesc *d, const int64_t *vals, int64_t normal)
{
	switch (d->fn) {
	case PVM_AGG_QUANTIZE:
		print_quantize(out, d, vals, normal);
		break;
	case PVM_AGG_LQUANTIZE:
		print_lquantize(out, d, vals, normal);
		break;
	case PVM_AGG_LLQUANTIZE:
		print_llquantize(out, d, vals, normal);
		break;
	case PVM_AGG_STDDEV:
		fprintf(out, " %16llu", (unsigned long long)(uint64_t)rt_agg_scalar(d, vals, normal));
		break;
	default:
		fprintf(out, " %16lld", (long long)rt_agg_scalar(d, vals, normal));
	}
}


void rt_agg_print_entry(FILE *out, const pvm_aggdesc *d, const pvm_aggent *e, int64_t normal)
{
	keyval k[PVM_MAX_TUPLE];

	if (normal < 1)
		normal = 1;
	split_key(d, e, k);
	print_keys(out, d, k);
	print_value(out, d, e->vals, normal);
	fputc('\n', out);
}

void rt_agg_print_entries(FILE *out, const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n,
			  const rt_aggsort *opts, int64_t normal)
{
	rt_agg_sort(d, ents, n, opts);
	if (n && packable(d)) {
		print_packed_agg(out, d, ents, n);
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		rt_agg_print_entry(out, d, ents[i], normal);
}

void rt_agg_print(FILE *out, const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n,
		  const rt_aggsort *opts, int64_t normal)
{
	fputc('\n', out);
	rt_agg_print_entries(out, d, ents, n, opts, normal);
}

/* ---- several aggregations side by side ---- */

/* One row of a join: cells[j] is aggregation j's entry, NULL if it has none;
 * key is the first non-NULL cell's index. */
typedef struct joinrow {
	int key;
	uint32_t seq;     /* first seen, for a deterministic order of equal rows */
	const pvm_aggent *cells[];
} joinrow;

typedef struct joinent {
	int agg;
	const pvm_aggent *e;
} joinent;

typedef struct joinctx {
	const rt_aggjoin *j;
	rt_aggsort opts;
} joinctx;

static int joinent_cmp(const void *pa, const void *pb, void *arg)
{
	const rt_aggjoin *j = arg;
	const joinent *a = pa, *b = pb;
	int r = keycmp2(j->descs[a->agg], a->e, j->descs[b->agg], b->e, 0);

	if (!r)
		r = a->agg < b->agg ? -1 : a->agg > b->agg;
	return r;
}

static const joinrow *join_row(const rt_aggjoin *j, uint32_t r)
{
	return j->rows[r];
}

const pvm_aggent *rt_agg_join_key(const rt_aggjoin *j, uint32_t r, const pvm_aggdesc **d)
{
	const joinrow *row = join_row(j, r);

	if (d)
		*d = j->descs[row->key];
	return row->cells[row->key];
}

const int64_t *rt_agg_join_vals(const rt_aggjoin *j, uint32_t r, int a)
{
	const joinrow *row = join_row(j, r);

	return row->cells[a] ? row->cells[a]->vals : j->zeros;
}

int rt_agg_join(rt_aggjoin *j, int k, const pvm_aggdesc *const *descs,
		pvm_aggent *const *const *ents, const uint32_t *n)
{
	size_t total = 0, i, nzeros = 1;
	joinent *all;

	memset(j, 0, sizeof(*j));
	j->k = k;
	j->descs = descs;
	for (int a = 0; a < k; a++) {
		total += n[a];
		if (descs[a]->nvals > nzeros)
			nzeros = descs[a]->nvals;
	}
	j->zeros = calloc(nzeros, sizeof(int64_t));
	j->rows = calloc(total + 1, sizeof(*j->rows));
	all = calloc(total + 1, sizeof(*all));
	if (!j->zeros || !j->rows || !all) {
		free(all);
		rt_agg_join_free(j);
		return -ENOMEM;
	}
	i = 0;
	for (int a = 0; a < k; a++)
		for (uint32_t e = 0; e < n[a]; e++)
			all[i++] = (joinent){ a, ents[a][e] };
	/* like keys side by side, as dt_aggregate_walk_joined bundles them */
	qsort_r(all, total, sizeof(*all), joinent_cmp, j);
	for (i = 0; i < total;) {
		size_t end = i + 1;
		joinrow *row;

		while (end < total && !keycmp2(descs[all[i].agg], all[i].e, descs[all[end].agg],
					       all[end].e, 0))
			end++;
		row = calloc(1, sizeof(*row) + (size_t)k * sizeof(row->cells[0]));
		if (!row) {
			free(all);
			rt_agg_join_free(j);
			return -ENOMEM;
		}
		row->key = all[i].agg;
		row->seq = all[i].e->seq;
		for (; i < end; i++) {
			if (all[i].e->seq < row->seq)
				row->seq = all[i].e->seq;
			row->cells[all[i].agg] = all[i].e;
		}
		j->rows[j->nrows++] = row;
	}
	free(all);
	return 0;
}

void rt_agg_join_free(rt_aggjoin *j)
{
	for (uint32_t r = 0; j->rows && r < j->nrows; r++)
		free(j->rows[r]);
	free(j->rows);
	free((void *)j->zeros);
	j->rows = NULL;
	j->zeros = NULL;
	j->nrows = 0;
}

/* dt_aggregate_bundlecmp: the values from aggregation sortpos on, wrapping
 * round, then the key; with aggsortkey the key first. */
static int joincmp(const void *pa, const void *pb, void *arg)
{
	const joinctx *c = arg;
	const rt_aggjoin *j = c->j;
	const joinrow *a = *(const joinrow *const *)pa, *b = *(const joinrow *const *)pb;
	int k = j->k, pos = c->opts.sortpos >= 0 && c->opts.sortpos < k ? c->opts.sortpos : 0;
	int r = 0;

	if (c->opts.sortkey)
		r = keycmp2(j->descs[a->key], a->cells[a->key], j->descs[b->key], b->cells[b->key],
			    c->opts.sortkeypos);
	for (int i = 0; !r && i < k; i++) {
		int x = (pos + i) % k;

		r = valcmp(j->descs[x], a->cells[x] ? a->cells[x]->vals : j->zeros,
			   b->cells[x] ? b->cells[x]->vals : j->zeros);
	}
	if (!r && !c->opts.sortkey)
		r = keycmp2(j->descs[a->key], a->cells[a->key], j->descs[b->key], b->cells[b->key],
			    c->opts.sortkeypos);
	if (c->opts.sortrev)
		r = -r;
	if (!r)
		r = a->seq < b->seq ? -1 : a->seq > b->seq;
	return r;
}

void rt_agg_join_sort(rt_aggjoin *j, const rt_aggsort *opts)
{
	joinctx c = { .j = j };

	if (opts)
		c.opts = *opts;
	if (j->nrows > 1)
		qsort_r(j->rows, j->nrows, sizeof(*j->rows), joincmp, &c);
}

void rt_agg_join_print(FILE *out, const rt_aggjoin *j, const int64_t *normal)
{
	for (uint32_t r = 0; r < j->nrows; r++) {
		const pvm_aggdesc *kd;
		const pvm_aggent *ke = rt_agg_join_key(j, r, &kd);
		keyval k[PVM_MAX_TUPLE];

		split_key(kd, ke, k);
		print_keys(out, kd, k);
		for (int a = 0; a < j->k; a++)
			print_value(out, j->descs[a], rt_agg_join_vals(j, r, a),
				    normal && normal[a] > 0 ? normal[a] : 1);
		fputc('\n', out);
	}
}

void rt_agg_print_hist(FILE *out, const pvm_aggdesc *d, const int64_t *vals, int64_t normal)
{
	if (normal < 1)
		normal = 1;
	switch (d->fn) {
	case PVM_AGG_QUANTIZE:
		print_quantize(out, d, vals, normal);
		break;
	case PVM_AGG_LQUANTIZE:
		print_lquantize(out, d, vals, normal);
		break;
	case PVM_AGG_LLQUANTIZE:
		print_llquantize(out, d, vals, normal);
		break;
	}
}
