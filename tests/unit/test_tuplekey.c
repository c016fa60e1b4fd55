/* Unit tests of the per-event key path of aggregations: the short-string
 * copy that reads a word at a time (pvm_short_string), the tuple encoding
 * that uses it, and the key comparison of the aggregation table, each
 * against the plain byte-by-byte result. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "probevm/agg.h"
#include "probevm/pvm.h"

/* Two pages, the second inaccessible: a read past the first faults. */
static uint8_t *guarded_page(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t *p = mmap(NULL, 2 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	cr_assert_neq(p, MAP_FAILED);
	cr_assert_eq(mprotect(p + pg, (size_t)pg, PROT_NONE), 0);
	return p;
}

Test(tuplekey, short_strings_copy_exactly_and_never_read_past_their_page)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t *page = guarded_page();

	/* every length from 0 to 20, ending at every place of the page's last
	 * 40 bytes, with 0xff bytes after the NUL */
	for (int len = 0; len <= 20; len++)
		for (int end = 0; end < 40; end++) {
			char *s = (char *)page + pg - 1 - end - len;
			memset(page + pg - 64, 0xff, 64);
			for (int i = 0; i < len; i++)
				s[i] = (char)('a' + i);
			s[len] = 0;
			uint8_t out[16];
			memset(out, 0xee, sizeof(out));
			size_t n = pvm_short_string(out, s);
			int crosses = (((uintptr_t)s & (uintptr_t)(pg - 1)) > (uintptr_t)pg - 16);
			if (len > 15 || crosses) {
				cr_assert_eq(n, 0, "length %d, %d bytes before the page's end: copied", len, end);
				continue;
			}
			cr_assert_eq(n, (size_t)len + 1, "length %d: %zu bytes", len, n);
			cr_assert_eq(memcmp(out, s, n), 0, "length %d: other bytes", len);
		}
	munmap(page, 2 * (size_t)pg);
}

Test(tuplekey, keys_encode_alike_in_the_short_and_the_general_path)
{
	static const char *const strs[] = { "", "a", "bash", "sshd", "python3", "systemd", "wl_getppid",
					    "kworker/0:1", "\xc3\xa9t\xc3\xa9 \xff\x80", "fifteen_chars_x", "sixteen_chars_xy",
					    "a string of more than sixteen characters" };
	uint8_t fast[512], slow[512];

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		for (uint32_t strsize = 8; strsize <= 256; strsize *= 2) {
			uint64_t v = (uint64_t)(uintptr_t)strs[i];
			uint8_t t = PT_STR;
			/* room for 16 bytes takes the short path; room for just the
			 * string the general one */
			size_t need = pvm_tuple_len(&v, &t, 1, strsize);
			size_t a = pvm_tuple_encode(fast, sizeof(fast), &v, &t, 1, strsize);
			size_t b = pvm_tuple_encode(slow, need, &v, &t, 1, strsize);
			cr_assert_eq(a, need, "\"%s\" strsize %u: %zu bytes, not %zu", strs[i], strsize, a, need);
			cr_assert_eq(b, need);
			cr_assert_eq(memcmp(fast, slow, need), 0, "\"%s\" strsize %u", strs[i], strsize);
		}
}

Test(tuplekey, keys_that_differ_in_one_byte_are_different_entries)
{
	pvm_aggdesc d = { .fn = PVM_AGG_COUNT, .nvals = 1 };
	pvm_aggtab *t = pvm_aggtab_new(1 << 20);
	uint8_t key[24], other[24];

	cr_assert_not_null(t);
	for (uint32_t len = 1; len <= 20; len++) {
		for (uint32_t i = 0; i < len; i++)
			key[i] = (uint8_t)(len * 31 + i);
		pvm_aggent *e = pvm_aggtab_get(t, &d, 0, key, len);
		cr_assert_not_null(e);
		memcpy(other, key, len);
		cr_assert_eq(pvm_aggtab_get(t, &d, 0, other, len), e, "length %u: the same key", len);
		for (uint32_t i = 0; i < len; i++) {
			memcpy(other, key, len);
			other[i] ^= 0x40;
			uint32_t before = t->nents;
			pvm_aggent *o = pvm_aggtab_get(t, &d, 0, other, len);
			cr_assert(o && o != e, "length %u, byte %u changed: the same entry", len, i);
			cr_assert_eq(t->nents, before + 1, "length %u, byte %u", len, i);
		}
	}
	pvm_aggtab_free(t);
}
