/* The first rings: made ahead by the start-up helper (rt_rings_premake) or,
 * when it has not begun them by the time they are wanted, by the thread
 * that opens the events. Needs perf_event_open (root). */
#include <criterion/criterion.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dc/dc.h"
#include "runtime/rt.h"

/* perf_event mappings of this process */
static int rings_mapped(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	cr_assert(f);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, "perf_event") != NULL;
	fclose(f);
	return n;
}

/* A session of one sampled software event on every CPU. */
static void fake_session(rt_session *s, dtr_program *prog, prov_event *ev)
{
	memset(s, 0, sizeof(*s));
	memset(prog, 0, sizeof(*prog));
	memset(ev, 0, sizeof(*ev));
	ev->attr = (struct perf_event_attr){ .type = PERF_TYPE_SOFTWARE, .config = PERF_COUNT_SW_DUMMY };
	snprintf(ev->desc, sizeof(ev->desc), "a dummy event");
	s->prog = prog;
	s->evs = ev;
	s->nevs = 1;
	s->self = getpid();
	rt_opts_default(&s->opts);
}

static void need_root(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root for perf_event_open");
}

/* Open the fake session's rings with the helper making its rings before
 * (helper_first) or after the events are opened; every step leaves one ring
 * per CPU mapped, and closing leaves none. */
static void open_rings(int helper_first)
{
	rt_session s;
	dtr_program prog;
	prov_event ev;
	char err[256] = "";
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN), before = rings_mapped();

	fake_session(&s, &prog, &ev);
	cr_assert_eq(rt_rings_premake_begin(&s), 0);
	if (helper_first) {
		rt_rings_premake(&s);
		cr_expect_eq(rings_mapped() - before, ncpu);
	}
	/* without a helper the rings are made here, not waited for */
	cr_assert_eq(rt_rings_open(&s, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(rings_mapped() - before, ncpu, "a ring made again beside the helper's");
	if (!helper_first) {
		rt_rings_premake(&s); /* a helper that starts late makes none */
		cr_expect_eq(rings_mapped() - before, ncpu);
	}
	rt_rings_close(&s);
	cr_expect_eq(rings_mapped(), before);
	rt_opts_fini(&s.opts);
}

Test(rings, opened_when_the_helper_has_not_begun, .init = need_root)
{
	open_rings(0);
}

Test(rings, the_helpers_rings_are_taken, .init = need_root)
{
	open_rings(1);
}
