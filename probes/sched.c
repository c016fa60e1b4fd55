/* The sched provider on Linux tracepoints: on-cpu fires as the thread
 * switched to, off-cpu as the one switched from, sleep and dequeue when
 * that one blocks (it leaves the run queue), wakeup when a thread is woken
 * and enqueue when one is woken or new (it joins a run queue). Linux has
 * no tracepoint for preempt or remain-cpu: those probes do not exist here.
 * args[] are DTrace's: off-cpu's the lwpsinfo_t and psinfo_t of the thread
 * switched to, wakeup's and enqueue's those of the thread woken (and
 * enqueue's cpuinfo_t of its CPU), dequeue's those of the thread that
 * blocks and its CPU. The tracepoints carry a thread's id; its process,
 * parent and credentials come from dtr's process table, the rest from
 * /proc. */
#include "probes/mapped.h"

/* the psinfo_t of the thread whose id is the D expression T, named F */
#define PSINFO_OF(T, F)                                                                          \
	{ "pr_pid", "(pid_t)_proc(" T ", 0)" }, { "pr_ppid", "(pid_t)_proc(" T ", 1)" },           \
	{ "pr_uid", "(uid_t)_proc(" T ", 2)" }, { "pr_gid", "(gid_t)_proc(" T ", 3)" },            \
	{ "pr_fname", F }, { "pr_psargs", "_psargs(_proc(" T ", 0))" }, XM_PSINFO_PROC(T),        \
	{ NULL, NULL }

static const prov_xlate next_lwp = { .type = "lwpsinfo_t *", .members = (const prov_xmember[]){
	{ "pr_lwpid", "(id_t)args->next_pid" }, { "pr_pri", "(int)args->next_prio" },
	{ "pr_name", "args->next_comm" }, { "pr_onpro", "cpu" }, XM_LWPSINFO_RUN,
	XM_LWPSINFO_PROC("args->next_pid"), { NULL, NULL } } };
static const prov_xlate next_ps = { .type = "psinfo_t *", .members = (const prov_xmember[]){
	PSINFO_OF("args->next_pid", "args->next_comm") } };
static const prov_xlate woken_lwp = { .type = "lwpsinfo_t *", .members = (const prov_xmember[]){
	{ "pr_lwpid", "(id_t)args->pid" }, { "pr_pri", "(int)args->prio" }, { "pr_name", "args->comm" },
	{ "pr_onpro", "(processorid_t)args->target_cpu" }, XM_LWPSINFO_RUN, XM_LWPSINFO_PROC("args->pid"),
	{ NULL, NULL } } };
static const prov_xlate woken_ps = { .type = "psinfo_t *", .members = (const prov_xmember[]){
	PSINFO_OF("args->pid", "args->comm") } };
static const prov_xlate woken_cpu = { .type = "cpuinfo_t *", .members = (const prov_xmember[]){
	{ "cpu_id", "(int)args->target_cpu" }, { "cpu_chip", "(int)_cputopo(args->target_cpu, 0)" },
	{ "cpu_lgrp", "(int)_cputopo(args->target_cpu, 1)" }, { "cpu_pset", "(int)0" }, { NULL, NULL } } };
/* the thread that blocks: its state from prev_state, which has the bits
 * of the kernel's TASK_REPORT states (S 0x01, D 0x02, T 0x04, t 0x08,
 * X 0x10, Z 0x20, P 0x40, I 0x80), as Oracle's translator maps them */
static const prov_xlate prev_lwp = { .type = "lwpsinfo_t *", .members = (const prov_xmember[]){
	{ "pr_lwpid", "(id_t)args->prev_pid" }, { "pr_pri", "(int)args->prev_prio" },
	{ "pr_name", "args->prev_comm" }, { "pr_onpro", "cpu" },
	{ "pr_flag", "args->prev_state & 0x0c ? 1 : 0" },
	{ "pr_state", "(char)(args->prev_state & 0xc3 ? 1 : args->prev_state & 0x0c ? 4 : "
		      "args->prev_state & 0x30 ? 3 : 2)" },
	{ "pr_sname", "(char)(args->prev_state & 0xc3 ? 'S' : args->prev_state & 0x0c ? 'T' : "
		      "args->prev_state & 0x30 ? 'Z' : 'R')" },
	XM_LWPSINFO_PROC("args->prev_pid"), { NULL, NULL } } };
static const prov_xlate prev_ps = { .type = "psinfo_t *", .members = (const prov_xmember[]){
	PSINFO_OF("args->prev_pid", "args->prev_comm") } };
static const prov_xlate this_cpu = { .type = "cpuinfo_t *", .members = (const prov_xmember[]){
	{ "cpu_id", "cpu" }, { "cpu_chip", "(int)_cputopo(cpu, 0)" }, { "cpu_lgrp", "(int)_cputopo(cpu, 1)" },
	{ "cpu_pset", "(int)0" }, { NULL, NULL } } };

/* prev_state's bits of a thread that blocks; 0x100 (preempted) is not */
#define BLOCKS 0xff

static const prov_map map[] = {
	{ "on-cpu", "sched", "sched_switch", { "next_pid" }, .as_tid = "next_pid", .as_comm = "next_comm" },
	/* the thread switched from is the current one, but perf samples an
	 * exiting thread's last switch with tid -1: its tid and comm are taken
	 * from the record */
	{ "off-cpu", "sched", "sched_switch", { "next_pid" }, { &next_lwp, &next_ps }, .cond = MC_NONE,
	  .as_tid = "prev_pid", .as_comm = "prev_comm" },
	{ "sleep", "sched", "sched_switch", { "prev_state" }, .as_tid = "prev_pid", .as_comm = "prev_comm",
	  .cond = MC_NONZERO, .cond_field = "prev_state", .cond_mask = BLOCKS },
	{ "dequeue", "sched", "sched_switch", { "prev_pid" }, { &prev_lwp, &prev_ps, &this_cpu },
	  .as_tid = "prev_pid", .as_comm = "prev_comm", .cond = MC_NONZERO, .cond_field = "prev_state",
	  .cond_mask = BLOCKS },
	{ "wakeup", "sched", "sched_wakeup", { "pid" }, { &woken_lwp, &woken_ps }, .cond = MC_NONE },
	{ "enqueue", "sched", "sched_wakeup", { "pid" }, { &woken_lwp, &woken_ps, &woken_cpu },
	  .cond = MC_NONE },
	{ "enqueue", "sched", "sched_wakeup_new", { "pid" }, { &woken_lwp, &woken_ps, &woken_cpu },
	  .cond = MC_NONE },
};
PROV_MAPPED(sched, map);
