/* What each perf sample holds: the raw record only when the decoder or a
 * clause needs it (rt_sample_type). */
#include <criterion/criterion.h>
#include <linux/perf_event.h>
#include <string.h>

#include "runtime/rt.h"

/* One probe (id 1) with one clause, which reads arguments or not. */
static uint64_t sample_type(int raw_is_args, uint8_t clause_reads_args)
{
	static dtr_program prog;
	static rt_enabling enab[1] = { { .epid = 1, .probe = 1, .clause = 0 } };
	static uint32_t first[3] = { 0, 0, 1 };
	uint8_t reads[1] = { clause_reads_args };
	rt_session s;
	prov_event ev;

	memset(&s, 0, sizeof(s));
	memset(&ev, 0, sizeof(ev));
	s.prog = &prog;
	s.enab = enab;
	s.nenab = 1;
	s.first = first;
	s.nfirst = 3;
	s.reads_args = reads;
	ev.sample_type = PERF_SAMPLE_RAW;
	ev.only_probe = 1;
	ev.raw_is_args = raw_is_args;
	return rt_sample_type(&s, &ev);
}

Test(sampletype, no_raw_record_when_no_clause_reads_an_argument)
{
	cr_expect_eq(sample_type(1, 0) & PERF_SAMPLE_RAW, 0);
	cr_expect_neq(sample_type(1, 0) & PERF_SAMPLE_TID, 0);
}

Test(sampletype, the_raw_record_when_a_clause_reads_arguments)
{
	cr_expect_neq(sample_type(1, 1) & PERF_SAMPLE_RAW, 0);
}

Test(sampletype, the_raw_record_when_the_decoder_needs_it)
{
	cr_expect_neq(sample_type(0, 0) & PERF_SAMPLE_RAW, 0);
}
