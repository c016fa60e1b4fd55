/* The process table: threads learned from /proc and perf's records, and
 * what it says about a thread it cannot know. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <pthread.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "runtime/rt.h"

Test(proctab, a_live_thread_is_read_from_proc)
{
	rt_proctab *t = rt_proctab_new();
	const rt_proc *p = rt_proctab_get(t, getpid());

	cr_expect_eq(p->pid, getpid());
	cr_expect_eq(p->ppid, getppid());
	rt_proctab_free(t);
}

Test(proctab, an_unknown_thread_is_said_once, .init = cr_redirect_stderr)
{
	rt_proctab *t = rt_proctab_new();

	/* pid_max is at most 2^22: these tids never exist */
	cr_expect_str_eq(rt_proctab_get(t, 2147483001)->comm, "<unknown>");
	cr_expect_str_eq(rt_proctab_get(t, 2147483002)->comm, "<unknown>");
	fflush(stderr);
	cr_assert_stderr_eq_str("dtr: thread 2147483001 was gone before dtr learned its process (its "
				"records were lost or it began before tracing): execname <unknown>\n");
	rt_proctab_free(t);
}

Test(proctab, comm_and_fork_records)
{
	rt_proctab *t = rt_proctab_new();

	rt_proctab_fork(t, 2147483101, getpid(), 2147483101, getpid());
	rt_proctab_comm(t, 2147483101, 2147483101, "child_x");
	cr_expect_str_eq(rt_proctab_get(t, 2147483101)->comm, "child_x");
	cr_expect_eq(rt_proctab_get(t, 2147483101)->ppid, getpid());
	rt_proctab_free(t);
}

/* A thread of its own name, waiting to be read */
static pthread_barrier_t named;
static int32_t named_tid;

static void *name_self(void *arg)
{
	(void)arg;
	named_tid = (int32_t)gettid();
	prctl(PR_SET_NAME, "pt_worker");
	pthread_barrier_wait(&named); /* named */
	pthread_barrier_wait(&named); /* read */
	return NULL;
}

/* A process's main thread is read with the process; its other threads,
 * listed only when it has more than one, by their own names. */
Test(proctab, a_snapshot_has_each_thread_of_a_process_by_its_name)
{
	rt_proctab *t = rt_proctab_new();
	pthread_t th;

	prctl(PR_SET_NAME, "pt_main");
	pthread_barrier_init(&named, NULL, 2);
	cr_assert_eq(pthread_create(&th, NULL, name_self, NULL), 0);
	pthread_barrier_wait(&named);
	rt_proctab_snapshot(t, 0);
	pthread_barrier_wait(&named);
	pthread_join(th, NULL);
	pthread_barrier_destroy(&named);
	/* read from the snapshot, not from /proc at lookup: the thread is gone */
	const rt_proc *w = rt_proctab_lookup(t, named_tid, 0);
	cr_expect_str_eq(w->comm, "pt_worker");
	cr_expect_eq(w->pid, getpid());
	cr_expect_eq(w->ppid, getppid());
	cr_expect_eq(w->uid, getuid());
	const rt_proc *m = rt_proctab_lookup(t, getpid(), 0);
	if (gettid() == getpid())
		cr_expect_str_eq(m->comm, "pt_main");
	cr_expect_eq(m->ppid, getppid());
	rt_proctab_free(t);
}

/* A stopped snapshot reads nothing more: a thread is read when looked up. */
Test(proctab, a_stopped_snapshot_leaves_threads_to_their_lookup)
{
	rt_proctab *t = rt_proctab_new();

	prctl(PR_SET_NAME, "pt_early");
	rt_proctab_stop(t);
	rt_proctab_snapshot(t, 0);
	prctl(PR_SET_NAME, "pt_looked_up");
	cr_expect_str_eq(rt_proctab_get(t, (int32_t)gettid())->comm, "pt_looked_up");
	rt_proctab_free(t);
}

/* late: the table read at start, then this thread renamed and the table
 * read again once tracing is enabled; record: when a COMM record renamed
 * it (0: none). Its name in the table once settled. */
static const char *settled(int late, uint64_t record)
{
	static char comm[16];
	rt_proctab *t = rt_proctab_new();
	int32_t self = (int32_t)gettid();

	prctl(PR_SET_NAME, "pt_before");
	rt_proctab_snapshot(t, 0);
	prctl(PR_SET_NAME, "pt_after");
	cr_assert_geq(rt_proctab_snapshot(t, late), (uint32_t)late); /* other threads may rename too */
	cr_expect_str_eq(rt_proctab_get(t, self)->comm, late ? "pt_before" : "pt_after");
	if (record)
		rt_proctab_renamed(t, self, record == 1 ? rt_now() - 10000000 : record);
	rt_proctab_settle(t);
	snprintf(comm, sizeof(comm), "%s", rt_proctab_get(t, self)->comm);
	rt_proctab_free(t);
	return comm;
}

/* A thread renamed between the two readings has the new name from the
 * start (no record has it: renamed before tracing began), unless the
 * rings hold the rename's record from before the second reading: then it
 * had the old name when tracing began, and the record renames it. */
Test(proctab, a_rename_seen_late_goes_in_as_of_the_enabling)
{
	cr_expect_str_eq(settled(0, 0), "pt_after");
	cr_expect_str_eq(settled(1, 0), "pt_after");
	cr_expect_str_eq(settled(1, 1), "pt_before");
	cr_expect_str_eq(settled(1, rt_now() + 1000000000), "pt_after");
}

/* Threads that come and go (a fork storm, a long soak) leave tombstones:
 * the table is rehashed at its size, not doubled for each batch of them. */
Test(proctab, exited_threads_do_not_grow_it)
{
	rt_proctab *t = rt_proctab_new();

	rt_proctab_fork(t, 2000000000, getpid(), 2000000000, getpid());
	/* the table starts small and grows to hold the threads that linger */
	for (int32_t i = 1; i <= 1000; i++) {
		rt_proctab_fork(t, 2000000000 + i, 2000000000, 2000000000 + i, 2000000000);
		rt_proctab_exit(t, 2000000000 + i);
	}
	size_t start = rt_proctab_bytes(t);
	for (int32_t i = 1001; i <= 200000; i++) {
		rt_proctab_fork(t, 2000000000 + i, 2000000000, 2000000000 + i, 2000000000);
		rt_proctab_exit(t, 2000000000 + i);
	}
	/* (the last few exited still linger: room for them is the same) */
	cr_expect_leq(rt_proctab_bytes(t), start, "%zu bytes after 200,000 threads exited, %zu at the start",
		      rt_proctab_bytes(t), start);
	cr_expect_eq(rt_proctab_get(t, 2000000000)->ppid, getpid(), "the live thread is still there");
	rt_proctab_free(t);
}

/* A fork whose parent dtr never knew is dtr's bookkeeping, not something a
 * clause asked about: no warning (under load they came by the dozen) */
Test(proctab, a_fork_of_an_unknown_parent_is_not_said, .init = cr_redirect_stderr)
{
	rt_proctab *t = rt_proctab_new();

	rt_proctab_fork(t, 2147483011, 2147483010, 2147483011, 2147483010);
	fflush(stderr);
	cr_assert_stderr_eq_str("");
	rt_proctab_free(t);
}

/* A thread's last events (the switch away from it) come after perf's EXIT
 * record: it is still known then, and gone only after many more exits. */
Test(proctab, an_exited_thread_is_known_for_its_last_events, .init = cr_redirect_stderr)
{
	rt_proctab *t = rt_proctab_new();

	rt_proctab_fork(t, 2147483201, getpid(), 2147483201, getpid());
	rt_proctab_comm(t, 2147483201, 2147483201, "dying");
	rt_proctab_exit(t, 2147483201);
	cr_expect_str_eq(rt_proctab_get(t, 2147483201)->comm, "dying");
	for (int32_t i = 1; i <= 10000; i++) {
		rt_proctab_fork(t, 2147473000 + i, getpid(), 2147473000 + i, getpid());
		rt_proctab_exit(t, 2147473000 + i);
	}
	cr_expect_str_eq(rt_proctab_get(t, 2147483201)->comm, "<unknown>");
	rt_proctab_free(t);
}

/* A tid reused by a new thread is not dropped when the old one's turn comes. */
Test(proctab, a_reused_tid_is_not_dropped_for_its_old_thread)
{
	rt_proctab *t = rt_proctab_new();

	rt_proctab_fork(t, 2147483301, getpid(), 2147483301, getpid());
	rt_proctab_exit(t, 2147483301);
	rt_proctab_fork(t, 2147483301, getpid(), 2147483301, getpid());
	rt_proctab_comm(t, 2147483301, 2147483301, "reborn");
	for (int32_t i = 1; i <= 10000; i++) {
		rt_proctab_fork(t, 2147463000 + i, getpid(), 2147463000 + i, getpid());
		rt_proctab_exit(t, 2147463000 + i);
	}
	cr_expect_str_eq(rt_proctab_get(t, 2147483301)->comm, "reborn");
	rt_proctab_free(t);
}
