/* The probe table is listed only as far as the descriptions need, and a
 * partial listing gives the probe ids a full one gives; what the events of
 * some providers' probes are. */
#include <criterion/criterion.h>
#include <string.h>

#include "probes/provider.h"

static void find(const prov_probe *p, void *arg)
{
	*(uint32_t *)arg = p->id;
}

static uint32_t id_of(const char *prov, const char *func, const char *name)
{
	uint32_t id = 0;

	prov_match(prov, "", func, name, find, &id);
	return id;
}

Test(registry, begin_lists_only_the_dtrace_provider)
{
	cr_assert_eq(prov_load_for("", "BEGIN"), 0);
	cr_expect_eq(prov_count(), 3);
	cr_expect_eq(id_of("", "", "BEGIN"), 1);
	cr_expect_eq(id_of("", "", "ERROR"), 3);
	prov_unload();
}

Test(registry, syscall_lists_no_tracepoint_and_keeps_the_full_ids)
{
	if (!prov_tracefs_dir())
		cr_skip_test("tracefs is not available (dtr mounts it as root)");
	cr_assert_eq(prov_load_for("syscall", "entry"), 0);
	uint32_t partial = prov_count(), id = id_of("syscall", "getppid", "entry");
	cr_assert_neq(id, 0);
	prov_unload();
	cr_assert_eq(prov_load(), 0);
	cr_expect_gt(prov_count(), partial, "a full listing adds the tracepoints");
	cr_expect_eq(id_of("syscall", "getppid", "entry"), id);
	prov_unload();
}

/* A tracepoint's raw record holds only the fields args-> reads, so that a
 * program that reads none samples without it (rt_sample_type). */
Test(registry, a_tracepoints_raw_record_is_its_arguments)
{
	prov_event *evs = NULL;
	uint32_t id = 0;
	int nevs = 0;
	char err[256];

	if (!prov_tracefs_dir())
		cr_skip_test("tracefs is not available (dtr mounts it as root)");
	prov_match("tracepoint", "syscalls", "", "sys_enter_getppid", find, &id);
	cr_assert_neq(id, 0);
	cr_assert_eq(prov_attach(&id, 1, &evs, &nevs, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(nevs, 1);
	cr_expect_eq(evs[0].only_probe, id);
	cr_expect(evs[0].raw_is_args);
	prov_events_free(evs, nevs);
	prov_unload();
}

/* Field lookups keep the last format parsed (tracefs.c): each answer is
 * still its own event's, from one event to another and back. */
Test(registry, each_field_is_read_from_its_own_events_format)
{
	int off = -1, size = -1;

	if (!prov_tracefs_dir())
		cr_skip_test("tracefs is not available (dtr mounts it as root)");
	cr_assert_eq(prov_tracefs_field("raw_syscalls", "sys_enter", "args", &off, &size), 0);
	cr_expect_eq(off, 16);
	cr_expect_eq(size, 48);
	cr_expect_eq(prov_tracefs_field("raw_syscalls", "sys_enter", "id", &off, &size), 0);
	cr_expect_eq(off, 8);
	cr_expect_lt(prov_tracefs_field("raw_syscalls", "sys_exit", "args", &off, &size), 0,
		     "sys_exit has no args field");
	cr_expect_eq(prov_tracefs_field("raw_syscalls", "sys_exit", "ret", &off, &size), 0);
	cr_expect_eq(off, 16);
	cr_expect_eq(size, 8);
	cr_expect_lt(prov_tracefs_field("raw_syscalls", "sys_enter", "ret", &off, &size), 0,
		     "sys_enter has no ret field");
	cr_expect_eq(prov_tracefs_field("raw_syscalls", "sys_enter", "args", &off, &size), 0);
	cr_expect_eq(off, 16);
	prov_unload();
}
