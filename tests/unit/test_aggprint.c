/* Unit tests of runtime/aggprint.c: aggregations built with probevm/agg.c's
 * API, printed and compared byte for byte with DTrace's layouts. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "probevm/agg.h"
#include "runtime/aggprint.h"

/* ---- fixtures ---- */

typedef struct ap_key {
	uint8_t b[256];
	uint32_t len;
} ap_key;

static void ap_kint(ap_key *k, int64_t v)
{
	for (int i = 0; i < 8; i++)
		k->b[k->len++] = (uint8_t)((uint64_t)v >> (8 * i));
}

static void ap_kstr(ap_key *k, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(k->b + k->len, s, n);
	k->len += (uint32_t)n;
}

static pvm_aggdesc ap_desc(uint8_t fn, const char *keys)
{
	pvm_aggdesc d = { .name = "a", .fn = fn };

	/* keys: 's' string, '1' '2' '4' '8' integer of that size */
	for (const char *p = keys; *p; p++, d.nkeys++) {
		d.keytype[d.nkeys] = *p == 's' ? PT_STR : PT_INT;
		d.keysize[d.nkeys] = *p == 's' ? 0 : (uint16_t)(*p - '0');
		d.keysigned[d.nkeys] = 1;
	}
	return d;
}

static void ap_fix(pvm_aggdesc *d)
{
	d->nvals = pvm_agg_nvals(d);
}

static pvm_aggent *ap_ent(pvm_aggtab *t, const pvm_aggdesc *d, const ap_key *k)
{
	static const ap_key none;
	pvm_aggent *e = pvm_aggtab_get(t, d, 0, (k ? k : &none)->b, (k ? k : &none)->len);

	cr_assert_not_null(e);
	return e;
}

static void ap_apply(pvm_aggtab *t, const pvm_aggdesc *d, const ap_key *k, int64_t v, int64_t incr)
{
	pvm_agg_apply(d, ap_ent(t, d, k)->vals, v, incr);
}

/* Key of one string. */
static ap_key ap_s(const char *s)
{
	ap_key k = { .len = 0 };
	ap_kstr(&k, s);
	return k;
}

/* Key of one integer. */
static ap_key ap_i(int64_t v)
{
	ap_key k = { .len = 0 };
	ap_kint(&k, v);
	return k;
}

/* printa(@a) of every entry in t, as text the caller frees. */
static char *ap_printa(pvm_aggtab *t, const pvm_aggdesc *d, const rt_aggsort *o, int64_t normal)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	rt_agg_print(f, d, t->ents, t->nents, o, normal);
	fclose(f);
	return buf;
}

static void ap_expect(pvm_aggtab *t, const pvm_aggdesc *d, const rt_aggsort *o, int64_t normal,
		      const char *want)
{
	char *got = ap_printa(t, d, o, normal);

	cr_expect_str_eq(got, want, "got:\n[%s]\nwant:\n[%s]", got, want);
	free(got);
}

#define AP_TAB() pvm_aggtab_new(1 << 20)

/* ---- scalar functions ---- */

Test(aggprint, count_keyless)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_COUNT, "");
	pvm_aggtab *t = AP_TAB();

	ap_fix(&d);
	for (int i = 0; i < 3; i++)
		ap_apply(t, &d, NULL, 0, 1);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"                3\n");
	pvm_aggtab_free(t);
}

Test(aggprint, count_by_string_key)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_COUNT, "s");
	pvm_aggtab *t = AP_TAB();
	ap_key bash = ap_s("bash"), sshd = ap_s("sshd"), cat = ap_s("cat");

	ap_fix(&d);
	for (int i = 0; i < 3; i++) {
		ap_apply(t, &d, &cat, 0, 1);
		ap_apply(t, &d, &bash, 0, 1);
	}
	ap_apply(t, &d, &sshd, 0, 1);
	/* 69 columns: "  %-50s" then " %16lld" */
	ap_expect(t, &d, NULL, 1,
	"\n"
	"  sshd                                                              1\n"
	"  bash                                                              3\n"
	"  cat                                                               3\n");
	pvm_aggtab_free(t);
}

Test(aggprint, sum_min_max)
{
	pvm_aggdesc s = ap_desc(PVM_AGG_SUM, ""), mn = ap_desc(PVM_AGG_MIN, ""),
		    mx = ap_desc(PVM_AGG_MAX, "");
	pvm_aggtab *ts = AP_TAB(), *tmn = AP_TAB(), *tmx = AP_TAB();
	const int64_t v[] = { 3, -4, 9, -15 };

	ap_fix(&s);
	ap_fix(&mn);
	ap_fix(&mx);
	for (int i = 0; i < 3; i++) {
		ap_apply(tmn, &mn, NULL, v[i], 1);
		ap_apply(tmx, &mx, NULL, v[i], 1);
	}
	ap_apply(ts, &s, NULL, 5, 1);
	ap_apply(ts, &s, NULL, -12, 1);
	ap_expect(ts, &s, NULL, 1,
	"\n"
	"               -7\n");
	ap_expect(tmn, &mn, NULL, 1,
	"\n"
	"               -4\n");
	ap_expect(tmx, &mx, NULL, 1,
	"\n"
	"                9\n");
	pvm_aggtab_free(ts);
	pvm_aggtab_free(tmn);
	pvm_aggtab_free(tmx);
}

Test(aggprint, avg_truncates_toward_zero)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_AVG, "s");
	pvm_aggtab *t = AP_TAB();
	ap_key neg = ap_s("neg"), pos = ap_s("pos"), big = ap_s("big");

	ap_fix(&d);
	ap_apply(t, &d, &big, 100, 1);
	ap_apply(t, &d, &big, 0, 1);
	ap_apply(t, &d, &pos, 1, 1);
	ap_apply(t, &d, &pos, 2, 1);
	ap_apply(t, &d, &neg, -3, 1);
	ap_apply(t, &d, &neg, -4, 1);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"  neg                                                              -3\n"
	"  pos                                                               1\n"
	"  big                                                              50\n");
	/* normalized: sum / normal / count */
	cr_expect_eq(rt_agg_scalar(&d, ap_ent(t, &d, &big)->vals, 5), 10);
	cr_expect_eq(rt_agg_scalar(&d, ap_ent(t, &d, &neg)->vals, 2), -1);
	pvm_aggtab_free(t);
}

Test(aggprint, stddev_128bit)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_STDDEV, "s");
	pvm_aggtab *t = AP_TAB();
	ap_key a = ap_s("a"), b = ap_s("b");

	ap_fix(&d);
	for (int i = 1; i <= 4; i++)
		ap_apply(t, &d, &a, i, 1);
	/* Oracle's tst.stddev2: the sum of squares passes 2^64 */
	ap_apply(t, &d, &b, 0x100000000LL, 1);
	ap_apply(t, &d, &b, 0x200000000LL, 1);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"  a                                                                 1\n"
	"  b                                                        2147483648\n");
	pvm_aggtab_free(t);
}

Test(aggprint, stddev_values)
{
	static const struct { int64_t x, y, sd; } pairs[] = {
		{ 0, 0, 0 }, { 0x10, 0x20, 8 }, { 0x100, 0x200, 0x80 },
		{ 0x10000000, 0x20000000, 0x8000000 }, { 0x80000000LL, 0x100000000LL, 0x40000000 },
		{ -6, 6, 6 }, { -7, -7, 0 },
		/* the 64-bit sum wraps to 0, as DTrace's does: sqrt(2^127 / 2) */
		{ INT64_MIN, INT64_MIN, INT64_MIN },
	};
	pvm_aggdesc d = ap_desc(PVM_AGG_STDDEV, "");

	ap_fix(&d);
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		int64_t v[4] = { 0 };

		pvm_agg_apply(&d, v, pairs[i].x, 1);
		pvm_agg_apply(&d, v, pairs[i].y, 1);
		cr_expect_eq(rt_agg_scalar(&d, v, 1), pairs[i].sd, "pair %zu", i);
	}
	{
		/* normalize divides the sum of squares by normal twice, as illumos:
		 * stddev(0, 100) / 10 is 5 */
		int64_t v[4] = { 0 };

		pvm_agg_apply(&d, v, 0, 1);
		pvm_agg_apply(&d, v, 100, 1);
		cr_expect_eq(rt_agg_scalar(&d, v, 10), 5);
		cr_expect_eq(rt_agg_scalar(&d, v, 1), 50);
	}
}

Test(aggprint, normalize_scalars)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_SUM, "");
	int64_t v[1] = { 0 };

	ap_fix(&d);
	pvm_agg_apply(&d, v, 10, 1);
	cr_expect_eq(rt_agg_scalar(&d, v, 3), 3);
	cr_expect_eq(rt_agg_scalar(&d, v, 0), 10, "unset normal acts as 1");
	v[0] = -10;
	cr_expect_eq(rt_agg_scalar(&d, v, 3), -3);
}

Test(aggprint, cleared_entries_still_print)
{
	static const uint8_t fns[] = { PVM_AGG_COUNT, PVM_AGG_MIN, PVM_AGG_AVG, PVM_AGG_STDDEV };
	static const char *const want[] = {
	"\n"
	"                0\n",
	"\n"
	" 9223372036854775807\n",
	"\n"
	"                0\n",
	"\n"
	"                0\n",
	};

	for (int i = 0; i < 4; i++) {
		pvm_aggdesc d = ap_desc(fns[i], "");
		pvm_aggtab *t = AP_TAB();

		ap_fix(&d);
		ap_apply(t, &d, NULL, 7, 1);
		pvm_aggtab_clear(t, &d, 0);
		ap_expect(t, &d, NULL, 1, want[i]);
		pvm_aggtab_free(t);
	}
}

/* ---- keys and sorting ---- */

Test(aggprint, two_keys_and_keypos)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_SUM, "s4");
	pvm_aggtab *t = AP_TAB();
	ap_key k1 = ap_s("bash"), k2 = ap_s("bash"), k3 = ap_s("awk");
	rt_aggsort bypos1 = { .sortkey = 1, .sortkeypos = 1 };

	ap_fix(&d);
	ap_kint(&k1, 12);
	ap_kint(&k2, -1);
	ap_kint(&k3, 7);
	ap_apply(t, &d, &k1, 1, 1);
	ap_apply(t, &d, &k2, 2, 1);
	ap_apply(t, &d, &k3, 5, 1);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"  bash                                                     12                1\n"
	"  bash                                                     -1                2\n"
	"  awk                                                       7                5\n");
	/* keys from position 1 on, integers unsigned: 7 < 12 < (uint32)-1 */
	ap_expect(t, &d, &bypos1, 1,
	"\n"
	"  awk                                                       7                5\n"
	"  bash                                                     12                1\n"
	"  bash                                                     -1                2\n");
	pvm_aggtab_free(t);
}

Test(aggprint, sort_ties_by_unsigned_key)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_SUM, "8");
	pvm_aggtab *t = AP_TAB();
	ap_key a = ap_i(9), b = ap_i(-5), c = ap_i(2);
	rt_aggsort rev = { .sortrev = 1 }, key = { .sortkey = 1 }, keyrev = { .sortkey = 1, .sortrev = 1 };

	ap_fix(&d);
	ap_apply(t, &d, &a, 2, 1);
	ap_apply(t, &d, &b, 1, 1);
	ap_apply(t, &d, &c, 1, 1);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"                2                1\n"
	"               -5                1\n"
	"                9                2\n");
	ap_expect(t, &d, &rev, 1,
	"\n"
	"                9                2\n"
	"               -5                1\n"
	"                2                1\n");
	ap_expect(t, &d, &key, 1,
	"\n"
	"                2                1\n"
	"                9                2\n"
	"               -5                1\n");
	ap_expect(t, &d, &keyrev, 1,
	"\n"
	"               -5                1\n"
	"                9                2\n"
	"                2                1\n");
	pvm_aggtab_free(t);
}

/* Oracle's tst.signedkeys: 1- and 2-byte keys print unsigned, 4- and 8-byte
 * signed, all sort unsigned; at exit one newline, then the aggregations one
 * after the other. */
Test(aggprint, signed_keys_at_exit)
{
	static const char sizes[] = "1248";
	rt_aggsort key = { .sortkey = 1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fputc('\n', f);
	for (int s = 0; s < 4; s++) {
		char ks[2] = { sizes[s], 0 };
		pvm_aggdesc d = ap_desc(PVM_AGG_SUM, ks);
		pvm_aggtab *t = AP_TAB();

		ap_fix(&d);
		for (int v = -2; v <= 2; v++) {
			/* a 1- or 2-byte key as the VM would push it: truncated, sign-extended */
			int64_t kv = s == 0 ? (int8_t)v : s == 1 ? (int16_t)v : v;
			ap_key k = ap_i(kv);
			ap_apply(t, &d, &k, v, 1);
		}
		rt_agg_print_entries(f, &d, t->ents, t->nents, &key, 1);
		pvm_aggtab_free(t);
	}
	fclose(f);
	cr_expect_str_eq(buf,
	"\n"
	"   0                0\n"
	"   1                1\n"
	"   2                2\n"
	" 254               -2\n"
	" 255               -1\n"
	"     0                0\n"
	"     1                1\n"
	"     2                2\n"
	" 65534               -2\n"
	" 65535               -1\n"
	"        0                0\n"
	"        1                1\n"
	"        2                2\n"
	"       -2               -2\n"
	"       -1               -1\n"
	"                0                0\n"
	"                1                1\n"
	"                2                2\n"
	"               -2               -2\n"
	"               -1               -1\n");
	free(buf);
}

Test(aggprint, empty_string_key_is_empty)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_COUNT, "s");
	pvm_aggtab *t = AP_TAB();
	ap_key k = ap_s("");

	ap_fix(&d);
	ap_apply(t, &d, &k, 0, 1);
	ap_apply(t, &d, &k, 0, 1);
	rt_agg_set_strsize(16);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"                                                                    2\n");
	rt_agg_set_strsize(0);
	pvm_aggtab_free(t);
}

/* ---- quantize ---- */

static void ap_quantize_case(const int64_t *v, int n, int64_t incr, int64_t normal, const char *want)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_QUANTIZE, "");
	pvm_aggtab *t = AP_TAB();

	ap_fix(&d);
	ap_ent(t, &d, NULL);
	for (int i = 0; i < n; i++)
		ap_apply(t, &d, NULL, v[i], incr);
	ap_expect(t, &d, NULL, normal, want);
	pvm_aggtab_free(t);
}

Test(aggprint, quantize_basic)
{
	static const int64_t v[] = { 1, 2, 3, 5 };

	ap_quantize_case(v, 4, 1, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"               0 |                                         0        \n"
	"               1 |@@@@@@@@@@                               1        \n"
	"               2 |@@@@@@@@@@@@@@@@@@@@                     2        \n"
	"               4 |@@@@@@@@@@                               1        \n"
	"               8 |                                         0        \n"
	"\n");
}

Test(aggprint, quantize_bar_rounds_half_up)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_QUANTIZE, "");
	pvm_aggtab *t = AP_TAB();

	ap_fix(&d);
	ap_apply(t, &d, NULL, 1, 1);
	ap_apply(t, &d, NULL, 2, 79);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"               0 |                                         0        \n"
	"               1 |@                                        1        \n"
	"               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 79       \n"
	"               4 |                                         0        \n"
	"\n");
	pvm_aggtab_free(t);
}

Test(aggprint, quantize_negative_only)
{
	static const int64_t v[] = { -1, -1, -3 };

	ap_quantize_case(v, 3, 1, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"              -4 |                                         0        \n"
	"              -2 |@@@@@@@@@@@@@                            1        \n"
	"              -1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@              2        \n"
	"               0 |                                         0        \n"
	"\n");
}

Test(aggprint, quantize_mixed_signs)
{
	static const int64_t v[] = { -1, 1, 1 };

	ap_quantize_case(v, 3, 1, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"              -2 |                                         0        \n"
	"              -1 |@@@@@@@@@@@@@                            1        \n"
	"               0 |                                         0        \n"
	"               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@              2        \n"
	"               2 |                                         0        \n"
	"\n");
}

Test(aggprint, quantize_zero_value)
{
	static const int64_t v[] = { 0 };

	ap_quantize_case(v, 1, 1, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"              -1 |                                         0        \n"
	"               0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
	"               1 |                                         0        \n"
	"\n");
}

Test(aggprint, quantize_all_zero)
{
	ap_quantize_case(NULL, 0, 1, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"              -1 |                                         0        \n"
	"               0 |                                         0        \n"
	"               1 |                                         0        \n"
	"\n");
}

Test(aggprint, quantize_negative_increment)
{
	static const int64_t v[] = { 1 };

	ap_quantize_case(v, 1, -1, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"               0                                         | 0        \n"
	"               1 @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@| -1       \n"
	"               2                                         | 0        \n"
	"\n");
}

Test(aggprint, quantize_normalized_counts)
{
	static const int64_t v[] = { 1, 1 };

	ap_quantize_case(v, 2, 1, 2,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"               0 |                                         0        \n"
	"               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
	"               2 |                                         0        \n"
	"\n");
}

/* Oracle's tst.quantlast: data only in the last bucket. */
Test(aggprint, quantize_last_bucket)
{
	static const int64_t v[] = { 0x4000000000000000LL };

	ap_quantize_case(v, 1, 1234, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"2305843009213693952 |                                         0        \n"
	"4611686018427387904 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1234     \n"
	"\n");
}

Test(aggprint, quantize_keyed_sorted_by_weight)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_QUANTIZE, "s");
	pvm_aggtab *t = AP_TAB();
	ap_key bash = ap_s("bash"), sshd = ap_s("sshd");

	ap_fix(&d);
	ap_apply(t, &d, &bash, 8, 1);
	for (int i = 0; i < 3; i++)
		ap_apply(t, &d, &sshd, 1, 1);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"  sshd                                              \n"
	"           value  ------------- Distribution ------------- count    \n"
	"               0 |                                         0        \n"
	"               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 3        \n"
	"               2 |                                         0        \n"
	"\n"
	"  bash                                              \n"
	"           value  ------------- Distribution ------------- count    \n"
	"               4 |                                         0        \n"
	"               8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
	"              16 |                                         0        \n"
	"\n");
	pvm_aggtab_free(t);
}

/* ---- lquantize ---- */

static pvm_aggdesc ap_lq(const char *keys, int64_t base, int64_t limit, int64_t step)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_LQUANTIZE, keys);

	d.param[0] = base;
	d.param[1] = limit;
	d.param[2] = step;
	ap_fix(&d);
	return d;
}

Test(aggprint, lquantize_under_and_overflow)
{
	pvm_aggdesc d = ap_lq("", 0, 10, 2);
	pvm_aggtab *t = AP_TAB();
	static const int64_t v[] = { -1, 0, 5, 10, 11 };

	for (int i = 0; i < 5; i++)
		ap_apply(t, &d, NULL, v[i], 1);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"             < 0 |@@@@@@@@                                 1        \n"
	"               0 |@@@@@@@@                                 1        \n"
	"               2 |                                         0        \n"
	"               4 |@@@@@@@@                                 1        \n"
	"               6 |                                         0        \n"
	"               8 |                                         0        \n"
	"           >= 10 |@@@@@@@@@@@@@@@@                         2        \n"
	"\n");
	pvm_aggtab_free(t);
}

Test(aggprint, lquantize_middle)
{
	pvm_aggdesc d = ap_lq("", 0, 10, 2);
	pvm_aggtab *t = AP_TAB();

	ap_apply(t, &d, NULL, 4, 1);
	ap_apply(t, &d, NULL, 4, 1);
	ap_apply(t, &d, NULL, 5, 1);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"               2 |                                         0        \n"
	"               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 3        \n"
	"               6 |                                         0        \n"
	"\n");
	pvm_aggtab_free(t);
}

Test(aggprint, lquantize_all_zero)
{
	pvm_aggdesc d = ap_lq("", 0, 10, 2);
	pvm_aggtab *t = AP_TAB();

	ap_apply(t, &d, NULL, 3, 1);
	pvm_aggtab_clear(t, &d, 0);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"             < 0 |                                         0        \n"
	"               0 |                                         0        \n"
	"               2 |                                         0        \n"
	"\n");
	pvm_aggtab_free(t);
}

/* Oracle's tst.trunc-lquantize-default: an int key, printed at exit. */
Test(aggprint, lquantize_int_key_at_exit)
{
	pvm_aggdesc d = ap_lq("4", 0, 150, 1);
	pvm_aggtab *t = AP_TAB();
	ap_key k = ap_i(301);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	for (int v = 102; v <= 105; v++)
		ap_apply(t, &d, &k, v, 20101);
	f = open_memstream(&buf, &len);
	fputc('\n', f);
	rt_agg_print_entries(f, &d, t->ents, t->nents, NULL, 1);
	fclose(f);
	cr_expect_str_eq(buf,
	"\n"
	"      301\n"
	"           value  ------------- Distribution ------------- count    \n"
	"             101 |                                         0        \n"
	"             102 |@@@@@@@@@@                               20101    \n"
	"             103 |@@@@@@@@@@                               20101    \n"
	"             104 |@@@@@@@@@@                               20101    \n"
	"             105 |@@@@@@@@@@                               20101    \n"
	"             106 |                                         0        \n"
	"\n");
	free(buf);
	pvm_aggtab_free(t);
}

/* ---- llquantize ---- */

/* Oracle's layout: <= -f^(hmag+1), negative bins, the zero bin, positive bins,
 * >= f^(hmag+1); what probevm/agg.c should compute (see the report). */
typedef struct ap_llq_case {
	const char *name;
	int64_t p[4];
	int n;
	int64_t v[48][2]; /* value, increment */
	const char *want;
} ap_llq_case;

/* Oracle's tst.llquantize_basic: the program's values and its output. */
static const ap_llq_case ap_llq_cases[] = {
	{ "basicA", { 4, 0, 1, 2 }, 21, {
	    { -20, 80 }, { -16, 84 }, { -12, 88 }, { -8, 92 }, { -6, 94 }, { -5, 95 },
	    { -4, 96 }, { -3, 97 }, { -2, 98 }, { -1, 99 }, { 0, 100 }, { 1, 101 },
	    { 2, 102 }, { 3, 103 }, { 4, 104 }, { 5, 105 }, { 6, 106 }, { 8, 108 },
	    { 12, 112 }, { 16, 116 }, { 20, 120 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "          <= -16 |@@@                                      164      \n"
	  "              -8 |@@@                                      180      \n"
	  "              -4 |@@@@@                                    285      \n"
	  "              -2 |@@@@                                     195      \n"
	  "              -1 |@@                                       99       \n"
	  "               0 |@@                                       100      \n"
	  "               1 |@@                                       101      \n"
	  "               2 |@@@@                                     205      \n"
	  "               4 |@@@@@@                                   315      \n"
	  "               8 |@@@@                                     220      \n"
	  "           >= 16 |@@@@                                     236      \n"
	  "\n" },
	{ "basicB", { 4, 0, 1, 4 }, 21, {
	    { -20, 80 }, { -16, 84 }, { -12, 88 }, { -8, 92 }, { -6, 94 }, { -5, 95 },
	    { -4, 96 }, { -3, 97 }, { -2, 98 }, { -1, 99 }, { 0, 100 }, { 1, 101 },
	    { 2, 102 }, { 3, 103 }, { 4, 104 }, { 5, 105 }, { 6, 106 }, { 8, 108 },
	    { 12, 112 }, { 16, 116 }, { 20, 120 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "          <= -16 |@@@                                      164      \n"
	  "             -12 |@@                                       88       \n"
	  "              -8 |@@                                       92       \n"
	  "              -4 |@@@@@                                    285      \n"
	  "              -3 |@@                                       97       \n"
	  "              -2 |@@                                       98       \n"
	  "              -1 |@@                                       99       \n"
	  "               0 |@@                                       100      \n"
	  "               1 |@@                                       101      \n"
	  "               2 |@@                                       102      \n"
	  "               3 |@@                                       103      \n"
	  "               4 |@@@@@@                                   315      \n"
	  "               8 |@@                                       108      \n"
	  "              12 |@@                                       112      \n"
	  "           >= 16 |@@@@                                     236      \n"
	  "\n" },
	{ "basicC", { 4, 0, 1, 8 }, 21, {
	    { -20, 80 }, { -16, 84 }, { -12, 88 }, { -8, 92 }, { -6, 94 }, { -5, 95 },
	    { -4, 96 }, { -3, 97 }, { -2, 98 }, { -1, 99 }, { 0, 100 }, { 1, 101 },
	    { 2, 102 }, { 3, 103 }, { 4, 104 }, { 5, 105 }, { 6, 106 }, { 8, 108 },
	    { 12, 112 }, { 16, 116 }, { 20, 120 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "          <= -16 |@@@                                      164      \n"
	  "             -14 |                                         0        \n"
	  "             -12 |@@                                       88       \n"
	  "             -10 |                                         0        \n"
	  "              -8 |@@                                       92       \n"
	  "              -6 |@@                                       94       \n"
	  "              -4 |@@@@                                     191      \n"
	  "              -3 |@@                                       97       \n"
	  "              -2 |@@                                       98       \n"
	  "              -1 |@@                                       99       \n"
	  "               0 |@@                                       100      \n"
	  "               1 |@@                                       101      \n"
	  "               2 |@@                                       102      \n"
	  "               3 |@@                                       103      \n"
	  "               4 |@@@@                                     209      \n"
	  "               6 |@@                                       106      \n"
	  "               8 |@@                                       108      \n"
	  "              10 |                                         0        \n"
	  "              12 |@@                                       112      \n"
	  "              14 |                                         0        \n"
	  "           >= 16 |@@@@                                     236      \n"
	  "\n" },
	{ "basicD", { 4, 4, 6, 32 }, 40, {
	    { -65536, 2 }, { -16384, 4 }, { -16383, 8 }, { -9728, 16 }, { -9727, 32 },
	    { -9216, 64 }, { -9215, 128 }, { -8704, 256 }, { -8703, 512 }, { -8192, 1024 },
	    { -8191, 1024 }, { -4610, 2048 }, { -4609, 4096 }, { -2560, 2048 },
	    { -2559, 4096 }, { -1024, 2048 }, { -352, 1024 }, { -351, 512 }, { -256, 256 },
	    { -255, 128 }, { 255, 2 }, { 256, 256 }, { 351, 512 }, { 352, 1024 },
	    { 1024, 2048 }, { 2559, 4096 }, { 2560, 2048 }, { 4609, 4096 }, { 4610, 2048 },
	    { 8191, 1024 }, { 8192, 1024 }, { 8703, 512 }, { 8704, 256 }, { 9215, 128 },
	    { 9216, 64 }, { 9727, 32 }, { 9728, 16 }, { 16383, 8 }, { 16384, 4 },
	    { 65536, 2 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "       <= -16384 |                                         6        \n"
	  "          -15872 |                                         8        \n"
	  "          -15360 |                                         0        \n"
	  "          -14848 |                                         0        \n"
	  "          -14336 |                                         0        \n"
	  "          -13824 |                                         0        \n"
	  "          -13312 |                                         0        \n"
	  "          -12800 |                                         0        \n"
	  "          -12288 |                                         0        \n"
	  "          -11776 |                                         0        \n"
	  "          -11264 |                                         0        \n"
	  "          -10752 |                                         0        \n"
	  "          -10240 |                                         0        \n"
	  "           -9728 |                                         16       \n"
	  "           -9216 |                                         96       \n"
	  "           -8704 |                                         384      \n"
	  "           -8192 |@@                                       1536     \n"
	  "           -7680 |@                                        1024     \n"
	  "           -7168 |                                         0        \n"
	  "           -6656 |                                         0        \n"
	  "           -6144 |                                         0        \n"
	  "           -5632 |                                         0        \n"
	  "           -5120 |                                         0        \n"
	  "           -4608 |@@@@@@                                   6144     \n"
	  "           -4096 |                                         0        \n"
	  "           -3968 |                                         0        \n"
	  "           -3840 |                                         0        \n"
	  "           -3712 |                                         0        \n"
	  "           -3584 |                                         0        \n"
	  "           -3456 |                                         0        \n"
	  "           -3328 |                                         0        \n"
	  "           -3200 |                                         0        \n"
	  "           -3072 |                                         0        \n"
	  "           -2944 |                                         0        \n"
	  "           -2816 |                                         0        \n"
	  "           -2688 |                                         0        \n"
	  "           -2560 |@@                                       2048     \n"
	  "           -2432 |@@@@                                     4096     \n"
	  "           -2304 |                                         0        \n"
	  "           -2176 |                                         0        \n"
	  "           -2048 |                                         0        \n"
	  "           -1920 |                                         0        \n"
	  "           -1792 |                                         0        \n"
	  "           -1664 |                                         0        \n"
	  "           -1536 |                                         0        \n"
	  "           -1408 |                                         0        \n"
	  "           -1280 |                                         0        \n"
	  "           -1152 |                                         0        \n"
	  "           -1024 |@@                                       2048     \n"
	  "            -992 |                                         0        \n"
	  "            -960 |                                         0        \n"
	  "            -928 |                                         0        \n"
	  "            -896 |                                         0        \n"
	  "            -864 |                                         0        \n"
	  "            -832 |                                         0        \n"
	  "            -800 |                                         0        \n"
	  "            -768 |                                         0        \n"
	  "            -736 |                                         0        \n"
	  "            -704 |                                         0        \n"
	  "            -672 |                                         0        \n"
	  "            -640 |                                         0        \n"
	  "            -608 |                                         0        \n"
	  "            -576 |                                         0        \n"
	  "            -544 |                                         0        \n"
	  "            -512 |                                         0        \n"
	  "            -480 |                                         0        \n"
	  "            -448 |                                         0        \n"
	  "            -416 |                                         0        \n"
	  "            -384 |                                         0        \n"
	  "            -352 |@                                        1024     \n"
	  "            -320 |@                                        512      \n"
	  "            -288 |                                         0        \n"
	  "            -256 |                                         256      \n"
	  "     abs() < 256 |                                         130      \n"
	  "             256 |                                         256      \n"
	  "             288 |                                         0        \n"
	  "             320 |@                                        512      \n"
	  "             352 |@                                        1024     \n"
	  "             384 |                                         0        \n"
	  "             416 |                                         0        \n"
	  "             448 |                                         0        \n"
	  "             480 |                                         0        \n"
	  "             512 |                                         0        \n"
	  "             544 |                                         0        \n"
	  "             576 |                                         0        \n"
	  "             608 |                                         0        \n"
	  "             640 |                                         0        \n"
	  "             672 |                                         0        \n"
	  "             704 |                                         0        \n"
	  "             736 |                                         0        \n"
	  "             768 |                                         0        \n"
	  "             800 |                                         0        \n"
	  "             832 |                                         0        \n"
	  "             864 |                                         0        \n"
	  "             896 |                                         0        \n"
	  "             928 |                                         0        \n"
	  "             960 |                                         0        \n"
	  "             992 |                                         0        \n"
	  "            1024 |@@                                       2048     \n"
	  "            1152 |                                         0        \n"
	  "            1280 |                                         0        \n"
	  "            1408 |                                         0        \n"
	  "            1536 |                                         0        \n"
	  "            1664 |                                         0        \n"
	  "            1792 |                                         0        \n"
	  "            1920 |                                         0        \n"
	  "            2048 |                                         0        \n"
	  "            2176 |                                         0        \n"
	  "            2304 |                                         0        \n"
	  "            2432 |@@@@                                     4096     \n"
	  "            2560 |@@                                       2048     \n"
	  "            2688 |                                         0        \n"
	  "            2816 |                                         0        \n"
	  "            2944 |                                         0        \n"
	  "            3072 |                                         0        \n"
	  "            3200 |                                         0        \n"
	  "            3328 |                                         0        \n"
	  "            3456 |                                         0        \n"
	  "            3584 |                                         0        \n"
	  "            3712 |                                         0        \n"
	  "            3840 |                                         0        \n"
	  "            3968 |                                         0        \n"
	  "            4096 |                                         0        \n"
	  "            4608 |@@@@@@                                   6144     \n"
	  "            5120 |                                         0        \n"
	  "            5632 |                                         0        \n"
	  "            6144 |                                         0        \n"
	  "            6656 |                                         0        \n"
	  "            7168 |                                         0        \n"
	  "            7680 |@                                        1024     \n"
	  "            8192 |@@                                       1536     \n"
	  "            8704 |                                         384      \n"
	  "            9216 |                                         96       \n"
	  "            9728 |                                         16       \n"
	  "           10240 |                                         0        \n"
	  "           10752 |                                         0        \n"
	  "           11264 |                                         0        \n"
	  "           11776 |                                         0        \n"
	  "           12288 |                                         0        \n"
	  "           12800 |                                         0        \n"
	  "           13312 |                                         0        \n"
	  "           13824 |                                         0        \n"
	  "           14336 |                                         0        \n"
	  "           14848 |                                         0        \n"
	  "           15360 |                                         0        \n"
	  "           15872 |                                         8        \n"
	  "        >= 16384 |                                         6        \n"
	  "\n" },
	{ "zero", { 2, 0, 1, 2 }, 2, {
	    { 0, 1 }, { 0, -1 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "               0 |                                         0        \n"
	  "               1 |                                         0        \n"
	  "               2 |                                         0        \n"
	  "\n" },
	{ "zeroB", { 2, 0, 1, 4 }, 2, {
	    { 0, 1 }, { 0, -1 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "               0 |                                         0        \n"
	  "               1 |                                         0        \n"
	  "               2 |                                         0        \n"
	  "\n" },
	{ "posvals", { 2, 0, 1, 2 }, 1, {
	    { 1, 1 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "               0 |                                         0        \n"
	  "               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
	  "               2 |                                         0        \n"
	  "\n" },
	{ "negvals", { 2, 0, 1, 2 }, 1, {
	    { 2, -1 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "               1                                         | 0        \n"
	  "               2 @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@| -1       \n"
	  "            >= 4                                         | 0        \n"
	  "\n" },
	{ "allvals", { 2, 0, 1, 2 }, 2, {
	    { 1, 1 }, { 2, -1 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "               0                     |                     0        \n"
	  "               1                     |@@@@@@@@@@           1        \n"
	  "               2           @@@@@@@@@@|                     -1       \n"
	  "            >= 4                     |                     0        \n"
	  "\n" },
	{ "singlerangeA", { 4, 0, 0, 4 }, 9, {
	    { -4, 96 }, { -3, 97 }, { -2, 98 }, { -1, 99 }, { 0, 100 }, { 1, 101 },
	    { 2, 102 }, { 3, 103 }, { 4, 104 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "           <= -4 |@@@@                                     96       \n"
	  "              -3 |@@@@                                     97       \n"
	  "              -2 |@@@@                                     98       \n"
	  "              -1 |@@@@                                     99       \n"
	  "               0 |@@@@                                     100      \n"
	  "               1 |@@@@                                     101      \n"
	  "               2 |@@@@@                                    102      \n"
	  "               3 |@@@@@                                    103      \n"
	  "            >= 4 |@@@@@                                    104      \n"
	  "\n" },
	{ "singlerangeB", { 4, 0, 0, 8 }, 9, {
	    { -4, 96 }, { -3, 97 }, { -2, 98 }, { -1, 99 }, { 0, 100 }, { 1, 101 },
	    { 2, 102 }, { 3, 103 }, { 4, 104 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "           <= -4 |@@@@                                     96       \n"
	  "              -3 |@@@@                                     97       \n"
	  "              -2 |@@@@                                     98       \n"
	  "              -1 |@@@@                                     99       \n"
	  "               0 |@@@@                                     100      \n"
	  "               1 |@@@@                                     101      \n"
	  "               2 |@@@@@                                    102      \n"
	  "               3 |@@@@@                                    103      \n"
	  "            >= 4 |@@@@@                                    104      \n"
	  "\n" },
	{ "straightlog", { 10, 0, 3, 1 }, 13, {
	    { -100000, 100108 }, { -10000, 100208 }, { -1000, 100308 }, { -100, 100408 },
	    { -10, 100508 }, { -1, 100608 }, { 0, 100708 }, { 1, 100808 }, { 10, 100908 },
	    { 100, 101008 }, { 1000, 101108 }, { 10000, 101208 }, { 100000, 101308 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "       <= -10000 |@@@@@@                                   200316   \n"
	  "           -1000 |@@@                                      100308   \n"
	  "            -100 |@@@                                      100408   \n"
	  "             -10 |@@@                                      100508   \n"
	  "              -1 |@@@                                      100608   \n"
	  "               0 |@@@                                      100708   \n"
	  "               1 |@@@                                      100808   \n"
	  "              10 |@@@                                      100908   \n"
	  "             100 |@@@                                      101008   \n"
	  "            1000 |@@@                                      101108   \n"
	  "        >= 10000 |@@@@@@                                   202516   \n"
	  "\n" },
	{ "shift", { 2, 0, 1, 2 }, 2, {
	    { -3, 1 }, { 3, 1 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "           <= -4 |                                         0        \n"
	  "              -2 |@@@@@@@@@@@@@@@@@@@@                     1        \n"
	  "              -1 |                                         0        \n"
	  "               0 |                                         0        \n"
	  "               1 |                                         0        \n"
	  "               2 |@@@@@@@@@@@@@@@@@@@@                     1        \n"
	  "            >= 4 |                                         0        \n"
	  "\n" },
	{ "ghostbin", { 2, 0, 1, 4 }, 2, {
	    { -1, 1 }, { 1, 1 } },
	  "\n"
	  "\n"
	  "           value  ------------- Distribution ------------- count    \n"
	  "              -2 |                                         0        \n"
	  "              -1 |@@@@@@@@@@@@@@@@@@@@                     1        \n"
	  "               0 |                                         0        \n"
	  "               1 |@@@@@@@@@@@@@@@@@@@@                     1        \n"
	  "               2 |                                         0        \n"
	  "\n" },
};

Test(aggprint, llquantize_oracle_basic)
{
	for (size_t c = 0; c < sizeof(ap_llq_cases) / sizeof(ap_llq_cases[0]); c++) {
		const ap_llq_case *k = &ap_llq_cases[c];
		pvm_aggdesc d = ap_desc(PVM_AGG_LLQUANTIZE, "");
		pvm_aggtab *t = AP_TAB();
		pvm_aggent *e;
		char *got;

		memcpy(d.param, k->p, sizeof(d.param));
		d.nvals = pvm_agg_nvals(&d);
		e = ap_ent(t, &d, NULL);
		for (int i = 0; i < k->n; i++) {
			pvm_agg_apply(&d, e->vals, k->v[i][0], k->v[i][1]);
		}
		got = ap_printa(t, &d, NULL, 1);
		cr_expect_str_eq(got, k->want, "%s: got:\n[%s]", k->name, got);
		free(got);
		pvm_aggtab_free(t);
	}
}

Test(aggprint, llquantize_sorted_by_weight)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_LLQUANTIZE, "s");
	pvm_aggtab *t = AP_TAB();
	ap_key a = ap_s("a"), b = ap_s("b"), c = ap_s("c");
	pvm_aggent *ents[3];

	d.param[0] = 10, d.param[1] = 0, d.param[2] = 2, d.param[3] = 10;
	d.nvals = pvm_agg_nvals(&d);
	ents[0] = ap_ent(t, &d, &a);
	ents[1] = ap_ent(t, &d, &b);
	ents[2] = ap_ent(t, &d, &c);
	pvm_agg_apply(&d, ents[0]->vals, 50, 1);   /* weight 50 */
	pvm_agg_apply(&d, ents[1]->vals, -700, 1); /* weight -700 */
	pvm_agg_apply(&d, ents[2]->vals, 0, 1);    /* weight 0, 1 at zero */
	rt_agg_sort(&d, t->ents, t->nents, NULL);
	cr_expect_eq(t->ents[0], ents[1]);
	cr_expect_eq(t->ents[1], ents[2]);
	cr_expect_eq(t->ents[2], ents[0]);
	pvm_aggtab_free(t);
}

/* ---- printa() of several aggregations ---- */

/* The rows of printa(@a, @b) of the tables ta and tb, sorted by o. */
static char *ap_join(pvm_aggtab *ta, const pvm_aggdesc *da, pvm_aggtab *tb, const pvm_aggdesc *db,
		     const rt_aggsort *o, int fmt)
{
	const pvm_aggdesc *descs[2] = { da, db };
	pvm_aggent *const *ents[2] = { ta->ents, tb->ents };
	uint32_t n[2] = { ta->nents, tb->nents };
	rt_aggjoin j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(rt_agg_join(&j, 2, descs, ents, n), 0);
	rt_agg_join_sort(&j, o);
	if (!fmt) {
		rt_agg_join_print(f, &j, NULL);
	} else {
		/* key, then each value: what a format sees */
		for (uint32_t r = 0; r < j.nrows; r++) {
			const pvm_aggdesc *kd;
			const pvm_aggent *k = rt_agg_join_key(&j, r, &kd);
			fprintf(f, "%s", (const char *)k->key);
			for (int a = 0; a < 2; a++)
				fprintf(f, " %lld", (long long)rt_agg_join_vals(&j, r, a)[0]);
			fputc('\n', f);
		}
	}
	rt_agg_join_free(&j);
	fclose(f);
	return buf;
}

static void ap_join_expect(pvm_aggtab *ta, const pvm_aggdesc *da, pvm_aggtab *tb,
			   const pvm_aggdesc *db, const rt_aggsort *o, int fmt, const char *want)
{
	char *got = ap_join(ta, da, tb, db, o, fmt);

	cr_expect_str_eq(got, want, "got:\n[%s]\nwant:\n[%s]", got, want);
	free(got);
}

Test(aggprint, join_missing_keys_read_zero)
{
	pvm_aggdesc dc = ap_desc(PVM_AGG_COUNT, "s"), ds = ap_desc(PVM_AGG_MIN, "s");
	pvm_aggtab *tc = AP_TAB(), *ts = AP_TAB();
	ap_key a = ap_s("a"), b = ap_s("b");

	ap_fix(&dc);
	ap_fix(&ds);
	ap_apply(tc, &dc, &b, 0, 1);
	ap_apply(ts, &ds, &a, 5, 1);
	ap_apply(ts, &ds, &b, -4, 1);
	/* a has no count: 0; sorted by the count first */
	ap_join_expect(tc, &dc, ts, &ds, NULL, 0,
	"  a                                                                 0                5\n"
	"  b                                                                 1               -4\n");
	pvm_aggtab_free(tc);
	pvm_aggtab_free(ts);
}

Test(aggprint, join_sortpos_wraps_then_key)
{
	pvm_aggdesc dx = ap_desc(PVM_AGG_SUM, "s"), dy = ap_desc(PVM_AGG_SUM, "s");
	pvm_aggtab *tx = AP_TAB(), *ty = AP_TAB();
	ap_key k1 = ap_s("k1"), k2 = ap_s("k2"), k3 = ap_s("k3");
	rt_aggsort pos1 = { .sortpos = 1 }, far = { .sortpos = 7 }, rev = { .sortpos = 1, .sortrev = 1 };

	ap_fix(&dx);
	ap_fix(&dy);
	ap_apply(tx, &dx, &k1, 3, 1);
	ap_apply(ty, &dy, &k1, 1, 1);
	ap_apply(tx, &dx, &k2, 1, 1);
	ap_apply(ty, &dy, &k2, 1, 1);
	ap_apply(tx, &dx, &k3, 1, 1);
	ap_apply(ty, &dy, &k3, 0, 1);
	/* by y, ties by x, then by key */
	ap_join_expect(tx, &dx, ty, &dy, &pos1, 1, "k3 1 0\nk2 1 1\nk1 3 1\n");
	/* aggsortpos past the last aggregation counts as 0: by x, then y */
	ap_join_expect(tx, &dx, ty, &dy, &far, 1, "k3 1 0\nk2 1 1\nk1 3 1\n");
	ap_join_expect(tx, &dx, ty, &dy, NULL, 1, "k3 1 0\nk2 1 1\nk1 3 1\n");
	ap_join_expect(tx, &dx, ty, &dy, &rev, 1, "k1 3 1\nk2 1 1\nk3 1 0\n");
	pvm_aggtab_free(tx);
	pvm_aggtab_free(ty);
}

Test(aggprint, join_sortkey)
{
	pvm_aggdesc dx = ap_desc(PVM_AGG_SUM, "s"), dy = ap_desc(PVM_AGG_SUM, "s");
	pvm_aggtab *tx = AP_TAB(), *ty = AP_TAB();
	ap_key a = ap_s("a"), b = ap_s("b"), c = ap_s("c");
	rt_aggsort key = { .sortkey = 1 }, keyrev = { .sortkey = 1, .sortrev = 1 };

	ap_fix(&dx);
	ap_fix(&dy);
	ap_apply(tx, &dx, &c, 1, 1);
	ap_apply(ty, &dy, &a, 9, 1);
	ap_apply(tx, &dx, &b, 5, 1);
	ap_join_expect(tx, &dx, ty, &dy, &key, 1, "a 0 9\nb 5 0\nc 1 0\n");
	ap_join_expect(tx, &dx, ty, &dy, &keyrev, 1, "c 1 0\nb 5 0\na 0 9\n");
	pvm_aggtab_free(tx);
	pvm_aggtab_free(ty);
}

/* ---- aggpack and encoding ---- */

Test(aggprint, aggpack_quantize_ascii)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_QUANTIZE, "s");
	pvm_aggtab *t = AP_TAB();
	ap_key a = ap_s("a"), b = ap_s("bb");

	ap_fix(&d);
	rt_agg_set_pack(1);
	rt_agg_set_encoding(RT_ENC_ASCII);
	ap_apply(t, &d, &a, 1, 1);
	ap_apply(t, &d, &a, 2, 3);
	ap_apply(t, &d, &b, 8, 2);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"\n"
	"              key  min .------. max  | count\n"
	"                a    0 : xx   : 16   | 4\n"
	"               bb    0 :    X : 16   | 2\n");
	pvm_aggtab_free(t);
}

Test(aggprint, aggpack_quantize_wide_bounds_and_negatives)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_QUANTIZE, "");
	pvm_aggtab *t = AP_TAB();

	ap_fix(&d);
	rt_agg_set_pack(1);
	rt_agg_set_encoding(RT_ENC_ASCII);
	ap_apply(t, &d, NULL, -3, 1);
	ap_apply(t, &d, NULL, 100000, -4);
	/* -4 .. 131072: 6 digits; a negative count draws from "vvvvVV" */
	ap_expect(t, &d, NULL, 1,
	"\n"
	"\n"
	"  min .----------------------. max    | count\n"
	"   -4 : _                  V : 131072 | -3\n");
	pvm_aggtab_free(t);
}

Test(aggprint, aggpack_lquantize_whole_range_utf8)
{
	pvm_aggdesc d = ap_lq("4", 0, 4, 1);
	pvm_aggtab *t = AP_TAB();
	ap_key k = ap_i(7);

	rt_agg_set_pack(1);
	rt_agg_set_encoding(RT_ENC_UTF8);
	ap_apply(t, &d, &k, 2, 1);
	ap_apply(t, &d, &k, 3, 7);
	/* buckets < 0, 0, 1, 2, 3, >= 4: U+2582 for 1/8, U+2587 for 7/8 */
	ap_expect(t, &d, NULL, 1,
	"\n"
	"\n"
	"      key     min .------. max      | count\n"
	"        7     < 0 :   \xe2\x96\x82\xe2\x96\x87 : >= 4     | 8\n");
	pvm_aggtab_free(t);
}

Test(aggprint, aggpack_leaves_count_alone)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_COUNT, "s");
	pvm_aggtab *t = AP_TAB();
	ap_key k = ap_s("x");

	ap_fix(&d);
	rt_agg_set_pack(1);
	ap_apply(t, &d, &k, 0, 1);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"  x                                                                 1\n");
	pvm_aggtab_free(t);
}

Test(aggprint, aggzoom_largest_bar_is_95_percent)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_QUANTIZE, "");
	pvm_aggtab *t = AP_TAB();

	ap_fix(&d);
	rt_agg_set_zoom(1);
	ap_apply(t, &d, NULL, 1, 1);
	ap_apply(t, &d, NULL, 2, 2);
	ap_expect(t, &d, NULL, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"               0 |                                         0        \n"
	"               1 |@@@@@@@@@@@@@@@@@@@                      1        \n"
	"               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@   2        \n"
	"               4 |                                         0        \n"
	"\n");
	pvm_aggtab_free(t);
}

Test(aggprint, encoding_utf8_bars_in_eighths)
{
	pvm_aggdesc d = ap_desc(PVM_AGG_QUANTIZE, "");
	pvm_aggtab *t = AP_TAB();

	ap_fix(&d);
	rt_agg_set_encoding(RT_ENC_UTF8);
	ap_apply(t, &d, NULL, 1, 1);
	ap_apply(t, &d, NULL, 2, 2);
	/* 13.33 columns: 13 full blocks and U+258E (2/8); 26.67: 26 and U+258B (5/8) */
	ap_expect(t, &d, NULL, 1,
	"\n"
	"\n"
	"           value  ------------- Distribution ------------- count    \n"
	"               0 |                                         0        \n"
	"               1 |\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	"\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	"\xe2\x96\x8e                           1        \n"
	"               2 |\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	"\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	"\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	"\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	"\xe2\x96\x8b              2        \n"
	"               4 |                                         0        \n"
	"\n");
	pvm_aggtab_free(t);
}
