/* What each perf sample holds: the raw record, user registers and stack
 * only when the decoder or a clause needs them (rt_sample_type). */
#include <criterion/criterion.h>
#include <linux/perf_event.h>
#include <string.h>

#include "dc/dc.h"
#include "runtime/rt.h"

/* rt_sample_type() of ev in a session of n enablings, probe i + 1 running
 * clause enab[i].clause, with what each clause sees (rt_clause_sees). */
static uint64_t type_of(const prov_event *ev, rt_enabling *enab, uint32_t n, uint8_t *sees)
{
	static dtr_program prog;
	uint32_t first[8] = { 0 };
	rt_session s;

	cr_assert(n + 2 <= 8);
	for (uint32_t p = 1; p <= n + 1; p++)
		first[p] = p - 1;
	memset(&s, 0, sizeof(s));
	s.prog = &prog;
	s.enab = enab;
	s.nenab = n;
	s.first = first;
	s.nfirst = n + 2;
	s.sees = sees;
	for (uint32_t i = 0; sees && i < n; i++)
		s.sees_any |= sees[i];
	return rt_sample_type(&s, ev);
}

/* One probe (id 1) with one clause, which reads arguments or not. */
static uint64_t sample_type(int raw_is_args, uint8_t clause_reads_args)
{
	rt_enabling enab[1] = { { .epid = 1, .probe = 1, .clause = 0 } };
	uint8_t sees[1] = { clause_reads_args ? RT_SEES_PROBE | RT_READS_ARGS : 0 };
	prov_event ev = { .sample_type = PERF_SAMPLE_RAW, .only_probe = 1, .raw_is_args = raw_is_args };

	return type_of(&ev, enab, 1, sees);
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

/* A uprobe's event (its registers and stack give the arguments, its raw
 * record which probe fired) with one clause that sees what sees says. */
static uint64_t uprobe_type(uint8_t sees)
{
	rt_enabling enab[1] = { { .epid = 1, .probe = 1, .clause = 0 } };
	uint8_t one[1] = { sees };
	prov_event ev = { .sample_type = PERF_SAMPLE_RAW | PERF_SAMPLE_REGS_USER, .stack_user = 64,
			  .regs_are_args = 1 };

	return type_of(&ev, enab, 1, one);
}

Test(sampletype, no_user_registers_or_stack_when_no_clause_reads_an_argument)
{
	const uint64_t regs = PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;

	cr_expect_eq(uprobe_type(0) & regs, 0);
	cr_expect_eq(uprobe_type(RT_READS_PROC) & regs, 0);
	cr_expect_neq(uprobe_type(0) & PERF_SAMPLE_RAW, 0);
	cr_expect_eq(uprobe_type(RT_SEES_PROBE | RT_READS_ARGS) & regs, regs);
}

Test(sampletype, the_raw_record_when_the_decoder_needs_it)
{
	cr_expect_neq(sample_type(0, 0) & PERF_SAMPLE_RAW, 0);
}

/* A wide event firing probes 1 and 2; clause_of[p - 1] is the clause that
 * probe p runs, sees0 and sees1 what its clauses see (rt_clause_sees). */
static uint64_t wide_type(const uint32_t clause_of[2], uint8_t sees0, uint8_t sees1)
{
	static const uint32_t probes[2] = { 1, 2 };
	rt_enabling enab[2] = { { .epid = 1, .probe = 1, .clause = clause_of[0] },
				{ .epid = 2, .probe = 2, .clause = clause_of[1] } };
	uint8_t sees[2] = { sees0, sees1 };
	prov_event ev = { .sample_type = PERF_SAMPLE_RAW, .raw_is_args = 1, .probes = probes, .nprobes = 2 };

	return type_of(&ev, enab, 2, sees);
}

Test(sampletype, no_raw_record_when_the_clauses_cannot_tell_a_wide_events_probes_apart)
{
	const uint32_t same[2] = { 0, 0 };
	cr_expect_eq(wide_type(same, 0, 0) & PERF_SAMPLE_RAW, 0);
	cr_expect_eq(wide_type(same, RT_SEES_TIME, 0) & PERF_SAMPLE_RAW, 0);
}

Test(sampletype, the_raw_record_when_a_wide_events_probes_run_different_clauses)
{
	const uint32_t differ[2] = { 0, 1 };
	cr_expect_neq(wide_type(differ, 0, 0) & PERF_SAMPLE_RAW, 0);
}

Test(sampletype, the_raw_record_when_a_clause_can_tell_the_probes_apart)
{
	const uint32_t same[2] = { 0, 0 };
	cr_expect_neq(wide_type(same, RT_SEES_PROBE, 0) & PERF_SAMPLE_RAW, 0);
	cr_expect_neq(wide_type(same, RT_SHOWS, 0) & PERF_SAMPLE_RAW, 0);
}

/* rt_clause_sees() of the first clause of src */
static int sees(const char *src)
{
	dc_input in = { .src = src, .target = -1, .strsize = 256 };
	dc_error err;
	dtr_program *p = dc_compile(&in, &err);

	cr_assert_not_null(p, "%s: %s", src, err.msg);
	int a = rt_clause_sees(&p->vm.clauses[0]);
	dc_free(p);
	return a;
}

Test(sampletype, what_clauses_see_of_their_firing)
{
	cr_expect_eq(sees("syscall:::entry { @[tid] = count(); }"), 0);
	cr_expect_eq(sees("syscall:::entry { @[execname] = count(); }"), RT_READS_PROC);
	cr_expect_eq(sees("syscall:::entry /pid != 0/ { @[execname, tid] = count(); }"), RT_READS_PROC);
	cr_expect_eq(sees("syscall:::entry /execname == \"x\"/ { @ = count(); }"), RT_READS_PROC);
	cr_expect_eq(sees("syscall:::entry { @[uid] = sum(1); @m = max(cpu); }"), RT_READS_PROC);
	cr_expect_eq(sees("syscall:::entry { @[probefunc] = count(); }"), RT_SEES_PROBE);
	cr_expect_eq(sees("syscall:::entry { @[arg0] = count(); }"), RT_SEES_PROBE | RT_READS_ARGS);
	cr_expect_eq(sees("syscall:::return { @[errno] = count(); }"), RT_SEES_PROBE | RT_READS_ARGS);
	cr_expect_eq(sees("syscall:::entry { @[id] = count(); }"), RT_SEES_PROBE);
	cr_expect_eq(sees("syscall:::entry { @ = max(timestamp); }"), RT_SEES_TIME);
	cr_expect_eq(sees("syscall:::entry { @ = max(walltimestamp); }"), RT_SEES_TIME);
	cr_expect_eq(sees("syscall:::entry { trace(pid); }"), RT_SHOWS);
	cr_expect_eq(sees("syscall:::entry { printf(\"%d\", pid); }"), RT_SHOWS);
	cr_expect_eq(sees("syscall:::entry { exit(0); }"), RT_SHOWS);
	/* a NULL key faults, and the error names the probe */
	cr_expect_eq(sees("self string s; syscall:::entry { @[self->s] = count(); }"), RT_SHOWS);
	cr_expect_eq(sees("syscall:::entry { @[pid / tid] = count(); }"), RT_SHOWS);
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
	uint8_t seen[4];
	prov_event ev;
	rt_session s;

	cr_assert_not_null(p, "%s: %s", src, err.msg);
	cr_assert(p->vm.nclauses <= 4);
	memset(&s, 0, sizeof(s));
	memset(&ev, 0, sizeof(ev));
	for (uint32_t i = 0; i < p->vm.nclauses; i++) {
		enab[i] = (rt_enabling){ .epid = i + 1, .probe = probes[i], .clause = i };
		seen[i] = (uint8_t)rt_clause_sees(&p->vm.clauses[i]);
	}
	ev.timer_ns = timer ? 1000000 : 0;
	s.prog = p;
	s.enab = enab;
	s.nenab = p->vm.nclauses;
	s.sees = seen;
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
	/* which probe fired is in its sample, not in the order */
	cr_expect_eq(untimed("syscall:::entry { @[probefunc] = count(); }", one, 0), 1);
}

Test(sampletype, timed_when_order_can_matter)
{
	const uint32_t one[] = { 10 }, two[] = { 10, 11 };

	/* a timer's place among the events */
	cr_expect_eq(untimed("syscall:::entry { @[execname] = count(); }", one, 1), 0);
	/* the time itself */
	cr_expect_eq(untimed("syscall:::entry { @ = max(timestamp); }", one, 0), 0);
	cr_expect_eq(untimed("syscall:::entry { @ = max(walltimestamp); }", one, 0), 0);
	/* output */
	cr_expect_eq(untimed("syscall:::entry { @[execname] = count(); } syscall::read:entry { trace(pid); }", two,
			     0), 0);
}

/* A sample that reads its group (as promote.c's readings do) and has a
 * raw record: the group's count, values and identifiers come between the
 * thread and the raw record. */
Test(sampletype, a_sample_reading_its_group_is_parsed_past_the_reading)
{
	uint64_t type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_READ | PERF_SAMPLE_RAW;
	uint64_t rec[16] = { 0 };
	struct perf_event_header *h = (struct perf_event_header *)rec;
	uint32_t tid[2] = { 41, 42 }, rawlen = 12;
	prov_sample smp;

	rec[1] = 7;                   /* identifier */
	memcpy(&rec[2], tid, 8);      /* pid, tid */
	rec[3] = 3;                   /* the group: 3 values and their identifiers */
	for (int i = 0; i < 3; i++) {
		rec[4 + 2 * i] = 1000 + (uint64_t)i;
		rec[5 + 2 * i] = 70 + (uint64_t)i;
	}
	memcpy(&rec[10], &rawlen, 4); /* raw: its size, then its bytes */
	memcpy((uint8_t *)&rec[10] + 4, "raw record!", 12);
	h->type = PERF_RECORD_SAMPLE;
	h->size = 8 * 12;
	cr_assert_eq(rt_parse_sample(h, type, &smp), 0);
	cr_expect_eq(smp.tid, 42);
	cr_assert_eq(smp.rawlen, 12);
	cr_expect_str_eq((const char *)smp.raw, "raw record!");
	cr_assert_eq(smp.read, (const uint8_t *)&rec[3], "the group's values are where the record has them");
	rec[3] = 5; /* more values than the record holds */
	cr_expect_eq(rt_parse_sample(h, type, &smp), -1);
}
