/* The tracepoints a program surely attaches to, named from its parsed
 * descriptions (the providers' surely(), the compiler's dc_input.warm), and
 * the start-up helper's early opening of them (runtime/warm.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dc/dc.h"
#include "probes/provider.h"
#include "runtime/rt.h"

/* "sys:event sys:event " as warm() was called */
static void collect(const char *sys, const char *event, void *arg)
{
	char *out = arg;
	size_t l = strlen(out);

	snprintf(out + l, 512 - l, "%s:%s ", sys, event);
}

/* descs: descriptions "prov:mod:func:name" separated by spaces */
static void named(const char *descs, char *out)
{
	char buf[512], *save = NULL;
	prov_desc d[8];
	char f[8][4][64];
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", descs);
	out[0] = 0;
	for (char *t = strtok_r(buf, " ", &save); t && n < 8; t = strtok_r(NULL, " ", &save), n++) {
		char *p = t;
		for (int k = 0; k < 4; k++) {
			size_t l = k < 3 ? strcspn(p, ":") : strlen(p);
			snprintf(f[n][k], sizeof(f[n][k]), "%.*s", (int)l, p);
			p += l + (p[l] == ':');
		}
		d[n] = (prov_desc){ f[n][0], f[n][1], f[n][2], f[n][3] };
	}
	prov_surely(d, n, collect, out);
}

Test(warm, syscall_names_only_the_tracepoints_it_surely_opens)
{
	static const struct {
		const char *descs, *want;
	} c[] = {
		{ "syscall:::entry", "raw_syscalls:sys_enter " },
		{ "syscall:::", "raw_syscalls:sys_enter raw_syscalls:sys_exit " },
		{ "syscall:vmlinux:*:return", "raw_syscalls:sys_exit " },
		{ "syscall::getppid:entry", "syscalls:sys_enter_getppid " },
		{ "syscall::read:entry syscall::read:return", "syscalls:sys_enter_read syscalls:sys_exit_read " },
		{ ":::BEGIN syscall:::entry :::END", "raw_syscalls:sys_enter " },
		{ "pid123:::entry syscall::getppid:entry", "syscalls:sys_enter_getppid " },
		{ "syscall:::return syscall::read:entry", "syscalls:sys_enter_read raw_syscalls:sys_exit " },
		/* not sure: several syscalls by name (raw_syscalls, unless one has
		 * no number), a glob that may match one, a provider glob, both */
		{ "syscall::read:entry syscall::write:entry", "" },
		{ "syscall::getpp*:entry", "" },
		{ ":::entry", "" },
		{ "sys*:::entry", "" },
		{ "syscall:::entry syscall::read:entry", "" },
		/* none of its probes */
		{ "syscall:libc.so::entry", "" },
		{ "syscall:::open", "" },
		{ ":::BEGIN", "" },
	};
	char out[512];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		named(c[i].descs, out);
		cr_expect_str_eq(out, c[i].want, "%s: %s", c[i].descs, out);
	}
}

Test(warm, the_compiler_names_them_once_the_program_is_parsed)
{
	char out[512] = "";
	dc_input in = { .src = "syscall:::entry { @[execname] = count(); } syscall::getppid:return { }",
			.target = -1, .strsize = 256, .warm = collect, .warm_arg = out };
	dc_error err;

	/* told before the probes are matched: also when the description
	 * matches none (no tracefs) and the compile then fails */
	dtr_program *p = dc_compile(&in, &err);
	cr_expect_str_eq(out, "raw_syscalls:sys_enter syscalls:sys_exit_getppid ");
	dc_free(p);
}

Test(warm, the_helper_opens_what_was_named)
{
	rt_session s;

	if (geteuid() != 0 || !prov_tracefs_dir())
		cr_skip_test("opening a tracepoint's perf event needs root and tracefs");
	memset(&s, 0, sizeof(s));
	cr_assert_eq(rt_warm_new(&s), 0);
	rt_warm_post("raw_syscalls", "sys_enter", &s);
	cr_expect_not(rt_warm_switching(&s));
	rt_warm_open(&s);
	cr_expect_eq(rt_warm_count(&s), 1);
	/* the scheduler hooks, on the first opening */
	cr_expect(rt_warm_switching(&s));
	rt_warm_post("nosuch", "event", &s); /* posted late, and no such tracepoint: left out */
	rt_warm_post("raw_syscalls", "sys_exit", &s);
	rt_warm_open(&s);
	cr_expect_eq(rt_warm_count(&s), 2);
	rt_warm_close(&s);
	cr_expect_null(s.warm);
	rt_warm_close(&s); /* once more: nothing */
}
