/* What each perf sample holds: the raw record only when the decoder or a
 * clause needs it (rt_sample_type). */
#include <criterion/criterion.h>
#include <linux/perf_event.h>
#include <string.h>

#include "dc/dc.h"
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

/* A wide event firing probes 1 and 2; clause_of[p - 1] is the clause that
 * probe p runs, aware[c] whether clause c can tell the probes apart. */
static uint64_t wide_type(const uint32_t clause_of[2], uint8_t aware0, uint8_t aware1)
{
	static dtr_program prog;
	static const uint32_t probes[2] = { 1, 2 };
	rt_enabling enab[2] = { { .epid = 1, .probe = 1, .clause = clause_of[0] },
				{ .epid = 2, .probe = 2, .clause = clause_of[1] } };
	uint32_t first[4] = { 0, 0, 1, 2 };
	uint8_t reads[2] = { 0, 0 }, aware[2] = { aware0, aware1 };
	rt_session s;
	prov_event ev;

	memset(&s, 0, sizeof(s));
	memset(&ev, 0, sizeof(ev));
	s.prog = &prog;
	s.enab = enab;
	s.nenab = 2;
	s.first = first;
	s.nfirst = 4;
	s.reads_args = reads;
	s.probe_aware = aware;
	ev.sample_type = PERF_SAMPLE_RAW;
	ev.raw_is_args = 1;
	ev.probes = probes;
	ev.nprobes = 2;
	return rt_sample_type(&s, &ev);
}

Test(sampletype, no_raw_record_when_the_clauses_cannot_tell_a_wide_events_probes_apart)
{
	const uint32_t same[2] = { 0, 0 };
	cr_expect_eq(wide_type(same, 0, 0) & PERF_SAMPLE_RAW, 0);
}

Test(sampletype, the_raw_record_when_a_wide_events_probes_run_different_clauses)
{
	const uint32_t differ[2] = { 0, 1 };
	cr_expect_neq(wide_type(differ, 0, 0) & PERF_SAMPLE_RAW, 0);
}

Test(sampletype, the_raw_record_when_a_clause_can_tell_the_probes_apart)
{
	const uint32_t same[2] = { 0, 0 };
	cr_expect_neq(wide_type(same, 1, 0) & PERF_SAMPLE_RAW, 0);
}

/* rt_probe_aware() of the first clause of src */
static int aware(const char *src)
{
	dc_input in = { .src = src, .target = -1, .strsize = 256 };
	dc_error err;
	dtr_program *p = dc_compile(&in, &err);

	cr_assert_not_null(p, "%s: %s", src, err.msg);
	int a = rt_probe_aware(&p->vm.clauses[0]);
	dc_free(p);
	return a;
}

Test(sampletype, clauses_that_cannot_tell_which_probe_fired)
{
	cr_expect_eq(aware("syscall:::entry { @[execname] = count(); }"), 0);
	cr_expect_eq(aware("syscall:::entry /pid != 0/ { @[execname, tid] = count(); }"), 0);
	cr_expect_eq(aware("syscall:::entry /execname == \"x\"/ { @ = count(); }"), 0);
	cr_expect_eq(aware("syscall:::entry { @[uid] = sum(1); @m = max(timestamp); }"), 0);
}

Test(sampletype, clauses_that_can_tell_which_probe_fired)
{
	cr_expect_neq(aware("syscall:::entry { @[probefunc] = count(); }"), 0);
	cr_expect_neq(aware("syscall:::entry { @[arg0] = count(); }"), 0);
	cr_expect_neq(aware("syscall:::entry { trace(pid); }"), 0);
	cr_expect_neq(aware("syscall:::entry { printf(\"%d\", pid); }"), 0);
	cr_expect_neq(aware("syscall:::entry { exit(0); }"), 0);
	cr_expect_neq(aware("syscall:::entry { @[id] = count(); }"), 0);
	/* a NULL key faults, and the error names the probe */
	cr_expect_neq(aware("self string s; syscall:::entry { @[self->s] = count(); }"), 0);
	cr_expect_neq(aware("syscall:::entry { @[pid / tid] = count(); }"), 0);
}

/* rt_session_untimed() of src's clauses, clause i enabled on probe
 * probes[i] (PROV_ID_BEGIN fires apart from the events), with a timer
 * event or a sampled one. */
static int untimed(const char *src, const uint32_t *probes, int timer)
{
	dc_input in = { .src = src, .target = -1, .strsize = 256 };
	dc_error err;
	dtr_program *p = dc_compile(&in, &err);
	rt_enabling enab[4];
	uint8_t aware[4];
	prov_event ev;
	rt_session s;

	cr_assert_not_null(p, "%s: %s", src, err.msg);
	cr_assert(p->vm.nclauses <= 4);
	memset(&s, 0, sizeof(s));
	memset(&ev, 0, sizeof(ev));
	for (uint32_t i = 0; i < p->vm.nclauses; i++) {
		enab[i] = (rt_enabling){ .epid = i + 1, .probe = probes[i], .clause = i };
		aware[i] = (uint8_t)rt_probe_aware(&p->vm.clauses[i]);
	}
	ev.timer_ns = timer ? 1000000 : 0;
	s.prog = p;
	s.enab = enab;
	s.nenab = p->vm.nclauses;
	s.probe_aware = aware;
	s.evs = &ev;
	s.nevs = 1;
	int u = rt_session_untimed(&s);
	dc_free(p);
	return u;
}

Test(sampletype, untimed_when_order_cannot_matter)
{
	const uint32_t one[] = { 10 }, begin_then_one[] = { PROV_ID_BEGIN, 10 };

	cr_expect_eq(untimed("syscall:::entry { @[execname] = count(); }", one, 0), 1);
	cr_expect_eq(untimed("BEGIN { printf(\"hi\"); } syscall:::entry { @[pid] = count(); }", begin_then_one, 0),
		     1);
}

Test(sampletype, timed_when_order_can_matter)
{
	const uint32_t one[] = { 10 }, two[] = { 10, 11 };

	/* a timer's place among the events */
	cr_expect_eq(untimed("syscall:::entry { @[execname] = count(); }", one, 1), 0);
	/* the time itself */
	cr_expect_eq(untimed("syscall:::entry { @ = max(timestamp); }", one, 0), 0);
	cr_expect_eq(untimed("syscall:::entry { @ = max(walltimestamp); }", one, 0), 0);
	/* output (and which probe fired) */
	cr_expect_eq(untimed("syscall:::entry { @[execname] = count(); } syscall::read:entry { trace(pid); }", two,
			     0), 0);
}
