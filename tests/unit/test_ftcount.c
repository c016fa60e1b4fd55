/* Counting a filtered tracepoint in a tracefs instance (runtime/ftcount.c):
 * the statistics it reads, what it counts with its filter, what it leaves
 * behind when the kernel refuses it, and the instances of dead processes
 * it removes. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probes/provider.h"
#include "runtime/ftcount.h"

/* An fd whose contents are text, for rt_ft_read. */
static int text_fd(const char *text)
{
	FILE *f = tmpfile();

	cr_assert(f);
	fputs(text, f);
	fflush(f);
	return dup(fileno(f));
}

Test(ftcount, reads_every_event_that_passed_from_the_statistics)
{
	static const struct {
		const char *text;
		int rc;
		uint64_t want;
	} c[] = {
		{ "entries: 85\noverrun: 80000112\ncommit overrun: 3\nbytes: 5780\n"
		  "oldest event ts: 30641.849533\nnow ts: 30658.014903\ndropped events: 11\nread events: 7\n",
		  0, 80000218 },
		{ "entries: 0\noverrun: 0\ncommit overrun: 0\nread events: 0\n", 0, 0 },
		/* an older kernel's: the counts it has */
		{ "entries: 4\noverrun: 6\ncommit overrun: 0\nbytes: 320\n", 0, 10 },
		/* entries or overruns missing: not a count */
		{ "entries: 5\ncommit overrun: 0\nread events: 0\n", -1, 0 },
		{ "overrun: 5\n", -1, 0 },
		{ "", -1, 0 },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		int fd = text_fd(c[i].text);
		uint64_t v = 0;
		cr_expect_eq(rt_ft_read(fd, &v), c[i].rc, "case %zu", i);
		if (c[i].rc == 0)
			cr_expect_eq(v, c[i].want, "case %zu: %llu", i, (unsigned long long)v);
		close(fd);
	}
}

static const char *tracefs(void)
{
	if (geteuid() != 0 || !prov_tracefs_dir())
		cr_skip_test("a tracefs instance needs root and tracefs");
	char path[512];
	struct stat st;
	snprintf(path, sizeof(path), "%s/instances", prov_tracefs_dir());
	if (stat(path, &st) < 0)
		cr_skip_test("this tracefs has no instances");
	return prov_tracefs_dir();
}

static int exists(const char *dir)
{
	struct stat st;

	return stat(dir, &st) == 0;
}

/* getppid() n times on CPU 0, counted through filter from stats */
static uint64_t counted(const char *filter, int on, int n)
{
	cpu_set_t one, was;
	rt_ft ft;
	uint64_t v = 0;

	cr_assert_eq(rt_ft_make(&ft, tracefs(), "syscalls:sys_enter_getppid", filter, NULL), 0);
	int fd = rt_ft_stats(&ft, 0);
	cr_assert_geq(fd, 0);
	sched_getaffinity(0, sizeof(was), &was);
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	cr_assert_eq(sched_setaffinity(0, sizeof(one), &one), 0);
	cr_assert_eq(rt_ft_on(&ft, on), 0);
	for (int i = 0; i < n; i++)
		syscall(SYS_getppid);
	rt_ft_on(&ft, 0);
	for (int i = 0; i < 10; i++)
		syscall(SYS_getppid); /* after the stop: not counted */
	sched_setaffinity(0, sizeof(was), &was);
	cr_assert_eq(rt_ft_read(fd, &v), 0);
	close(fd);
	char dir[sizeof(ft.dir)];
	snprintf(dir, sizeof(dir), "%s", ft.dir);
	cr_assert(exists(dir));
	rt_ft_remove(&ft);
	cr_expect(!exists(dir), "%s left behind", dir);
	return v;
}

Test(ftcount, counts_what_its_filter_lets_through_while_on)
{
	char mine[64];

	snprintf(mine, sizeof(mine), "common_pid == %d", (int)getpid());
	/* more than the ring holds (1.4 MiB a CPU): the overwritten count */
	cr_expect_eq(counted(mine, 1, 60000), 60000);
	cr_expect_eq(counted("common_pid == 0", 1, 5000), 0);
	cr_expect_eq(counted(mine, 0, 5000), 0);
}

Test(ftcount, leaves_nothing_when_the_kernel_refuses)
{
	rt_ft ft;
	char before[512];

	snprintf(before, sizeof(before), "%s/instances/dtr-%d-", tracefs(), (int)getpid());
	cr_expect_eq(rt_ft_make(&ft, tracefs(), "syscalls:sys_enter_getppid", "nosuchfield == 1", NULL), -EINVAL);
	cr_expect_eq(ft.on, -1);
	cr_expect_lt(rt_ft_make(&ft, tracefs(), "nosuchsystem:nosuchevent", "common_pid == 0", NULL), 0);
	cr_expect_eq(rt_ft_make(&ft, tracefs(), "noseparator", "common_pid == 0", NULL), -ENOENT);
	/* none of this process's instances remain */
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "ls -d %s* 2>/dev/null | grep -q .", before);
	cr_expect_neq(system(cmd), 0, "an instance %s* was left behind", before);
}

Test(ftcount, removes_the_instances_of_dead_dtr_processes)
{
	const char *t = tracefs();
	pid_t dead = fork();

	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	/* killed, its parent (this process) not yet told: a zombie */
	pid_t zombie = fork();
	if (zombie == 0) {
		pause();
		_exit(0);
	}
	kill(zombie, SIGKILL);
	siginfo_t si;
	waitid(P_PID, (id_t)zombie, &si, WEXITED | WNOWAIT);
	char stale[512], live[512], other[512], reused[512], undead[512];
	snprintf(undead, sizeof(undead), "%s/instances/dtr-%d-0", t, (int)zombie);
	cr_assert_eq(mkdir(undead, 0700), 0);
	snprintf(stale, sizeof(stale), "%s/instances/dtr-%d-3", t, (int)dead);
	/* a dead dtr's pid that this process has now */
	snprintf(reused, sizeof(reused), "%s/instances/dtr-%d-0", t, (int)getpid());
	cr_assert_eq(mkdir(reused, 0700), 0);
	snprintf(live, sizeof(live), "%s/instances/dtr-%d-99", t, (int)getppid());
	snprintf(other, sizeof(other), "%s/instances/dtr-%d-3x", t, (int)dead);
	cr_assert_eq(mkdir(stale, 0700), 0);
	cr_assert_eq(mkdir(live, 0700), 0);
	cr_assert_eq(mkdir(other, 0700), 0);
	/* the first instance a process makes removes the dead's */
	char mine[64];
	snprintf(mine, sizeof(mine), "common_pid == %d", (int)getpid());
	cr_expect_eq(counted(mine, 1, 10), 10);
	cr_expect(!exists(stale), "%s kept", stale);
	cr_expect(!exists(reused), "%s kept", reused);
	cr_expect(!exists(undead), "%s kept: its process is a zombie", undead);
	waitpid(zombie, NULL, 0);
	cr_expect(exists(live), "%s removed: its process runs", live);
	cr_expect(exists(other), "%s removed: not a name dtr gives", other);
	rmdir(live);
	rmdir(other);
	rmdir(stale);
}

/* The getppid event's enable file in ft's instance: "0*" soft-disabled,
 * "1*" enabled beside a trigger. */
static void enable_state(const rt_ft *ft, char *out, size_t len)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/events/syscalls/sys_enter_getppid/enable", ft->dir);
	FILE *f = fopen(path, "r");
	out[0] = 0;
	if (f && fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = 0;
	if (f)
		fclose(f);
}

/* A child on CPU 0 that takes the name, says so on *ready, waits for a
 * byte on *go, calls getppid() n times and exits. */
static pid_t named_child(const char *name, int n, int ready[2], int go[2])
{
	cr_assert_eq(pipe(ready), 0);
	cr_assert_eq(pipe(go), 0);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		prctl(PR_SET_NAME, name);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		for (int i = 0; i < n; i++)
			syscall(SYS_getppid);
		_exit(0);
	}
	cr_assert_gt(pid, 0);
	return pid;
}

Test(ftcount, a_named_filter_waits_for_a_task_to_take_the_name)
{
	cpu_set_t one, was;
	rt_ft ft;
	char name[16], names[40], filter[64], state[16], c;
	int ready[2], go[2], st;
	uint64_t v = 99;

	snprintf(name, sizeof(name), "dtg%d", (int)getpid() % 1000000);
	snprintf(filter, sizeof(filter), "comm == \"%s\"", name);
	snprintf(names, sizeof(names), "dtnone%d\n%s", (int)getpid() % 1000000, name); /* either */
	sched_getaffinity(0, sizeof(was), &was);
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	cr_assert_eq(sched_setaffinity(0, sizeof(one), &one), 0);
	cr_assert_eq(rt_ft_make(&ft, tracefs(), "syscalls:sys_enter_getppid", filter, names), 0);
	int fd = rt_ft_stats(&ft, 0);
	cr_assert_geq(fd, 0);
	cr_expect(ft.gated, "no task has the name: the event should wait");
	enable_state(&ft, state, sizeof(state));
	cr_expect_str_eq(state, "0*");
	/* taken while the instance does not record yet */
	pid_t pid = named_child(name, 500, ready, go);
	cr_assert_eq(read(ready[0], &c, 1), 1);
	enable_state(&ft, state, sizeof(state));
	cr_expect_str_eq(state, "1*", "the rename did not enable the event");
	cr_assert_eq(rt_ft_on(&ft, 1), 0);
	for (int i = 0; i < 300; i++)
		syscall(SYS_getppid); /* another name: filtered out */
	cr_assert_eq(write(go[1], "g", 1), 1);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	rt_ft_on(&ft, 0);
	sched_setaffinity(0, sizeof(was), &was);
	cr_assert_eq(rt_ft_read(fd, &v), 0);
	cr_expect_eq(v, 500, "counted %llu", (unsigned long long)v);
	close(fd);
	rt_ft_remove(&ft);
	for (int i = 0; i < 2; i++) {
		close(ready[i]);
		close(go[i]);
	}
}

Test(ftcount, a_name_a_task_has_already_is_enabled_at_once)
{
	rt_ft ft;
	char name[16], filter[64], state[16], c;
	int ready[2], go[2], st;

	snprintf(name, sizeof(name), "dth%d", (int)getpid() % 1000000);
	snprintf(filter, sizeof(filter), "comm == \"%s\"", name);
	const char *t = tracefs();
	pid_t pid = named_child(name, 0, ready, go);
	cr_assert_eq(read(ready[0], &c, 1), 1);
	cr_assert_eq(rt_ft_make(&ft, t, "syscalls:sys_enter_getppid", filter, name), 0);
	cr_expect_not(ft.gated);
	enable_state(&ft, state, sizeof(state));
	cr_expect_str_eq(state, "1*");
	cr_assert_eq(write(go[1], "g", 1), 1);
	waitpid(pid, &st, 0);
	rt_ft_remove(&ft);
	for (int i = 0; i < 2; i++) {
		close(ready[i]);
		close(go[i]);
	}
}
