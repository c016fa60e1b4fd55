/* Tests of dc/pushdown.c's verdicts beyond the filter string (which the
 * e2e push-down tests run against the VM): whether the filter is exact,
 * and whether it admits few events (dtr_clause.kfilter_rare), which moves
 * a counted clause into a tracefs instance (runtime/ftcount.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "dc/dc.h"

/* BEGIN with predicate pred, compiled (its text in src[256]) */
static dtr_program *compiled(const char *pred, char *src)
{
	dc_error err;

	snprintf(src, 256, "BEGIN /%s/ { }", pred);
	dc_input in = { .src = src, .target = -1, .strsize = 256 };
	dtr_program *p = dc_compile(&in, &err);
	cr_assert_not_null(p, "%s: %s", src, err.msg);
	return p;
}

Test(pushdown, rare_filters_test_an_execname_or_tid_for_equality)
{
	static const struct {
		const char *pred, *filter;
		int exact, rare;
	} c[] = {
		{ "execname == \"x\"", "comm == \"x\"", 1, 1 },
		{ "tid == 42", "common_pid == 42", 1, 1 },
		{ "42 == tid", "common_pid == 42", 1, 1 },
		/* half of the events on two CPUs */
		{ "cpu == 0", "CPU == 0", 1, 0 },
		{ "execname != \"x\"", "comm != \"x\"", 1, 0 },
		{ "tid > 1", "common_pid > 1", 1, 0 },
		{ "!(execname == \"x\")", "!(comm == \"x\")", 1, 0 },
		{ "tid > 1 && execname == \"x\"", "(common_pid > 1) && (comm == \"x\")", 1, 1 },
		{ "execname == \"x\" || tid == 7", "(comm == \"x\") || (common_pid == 7)", 1, 1 },
		{ "execname == \"x\" || tid > 7", "(comm == \"x\") || (common_pid > 7)", 1, 0 },
		{ "execname == \"x\" || cpu == 1", "(comm == \"x\") || (CPU == 1)", 1, 0 },
		/* only the pushed part counts: an equality the kernel cannot test is
		 * not rare for the filter */
		{ "timestamp == 5 && tid > 1", "common_pid > 1", 0, 0 },
		{ "timestamp == 5 && execname == \"x\"", "comm == \"x\"", 0, 1 },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char src[256];
		dtr_program *p = compiled(c[i].pred, src);
		const dtr_clause *cl = &p->clauses[0];
		cr_assert_not_null(cl->kfilter, "%s: no filter", src);
		cr_expect_str_eq(cl->kfilter, c[i].filter, "%s", src);
		cr_expect_eq(cl->kfilter_exact, c[i].exact, "%s: exact %d", src, cl->kfilter_exact);
		cr_expect_eq(cl->kfilter_rare, c[i].rare, "%s: rare %d", src, cl->kfilter_rare);
		dc_free(p);
	}
}

/* The name a task must have for the predicate to hold (dtr_clause.kcomm):
 * a counted clause's event then waits for a task to take it (ftcount.c). */
Test(pushdown, a_predicate_needs_a_name_when_every_way_to_hold_tests_execname_for_it)
{
	static const struct {
		const char *pred, *comm;
	} c[] = {
		{ "execname == \"x\"", "x" },
		{ "\"x\" == execname", "x" },
		{ "tid > 1 && execname == \"x\"", "x" },
		/* the kernel cannot test the other side, and needs not */
		{ "timestamp == 5 && execname == \"x\"", "x" },
		{ "execname == \"x\" || (tid == 7 && execname == \"x\")", "x" },
		{ "execname == \"x\" || execname == \"y\"", "x\ny" },
		{ "execname == \"x\" || (execname == \"y\" && tid > 1)", "x\ny" },
		{ "execname == \"x\" || tid == 7", NULL },
		{ "execname != \"x\"", NULL },
		{ "!(execname == \"x\")", NULL },
		{ "tid == 42", NULL },
		{ "execname == \"\"", NULL },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char src[256];
		dtr_program *p = compiled(c[i].pred, src);
		const char *k = p->clauses[0].kcomm;
		if (c[i].comm)
			cr_expect(k && !strcmp(k, c[i].comm), "%s: %s", src, k ? k : "(none)");
		else
			cr_expect_null(k, "%s: %s", src, k);
		dc_free(p);
	}
}
