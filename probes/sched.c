/* The sched provider on Linux tracepoints: on-cpu fires as the thread
 * switched to, off-cpu as the one switched from, sleep when that one
 * blocks, wakeup and enqueue when a thread is woken (arg0 its tid). Linux
 * has no tracepoint for dequeue, preempt or remain-cpu: those probes do
 * not exist here. args[] are DTrace's: off-cpu's the lwpsinfo_t and
 * psinfo_t of the thread switched to, wakeup's and enqueue's those of the
 * thread woken (and enqueue's cpuinfo_t of its CPU). The tracepoints carry
 * a thread's id; its process, parent and credentials come from dtr's
 * process table. */
#include "probes/mapped.h"

static const prov_xlate next_lwp = { .type = "lwpsinfo_t *", .members = (const prov_xmember[]){
	{ "pr_lwpid", "(id_t)args->next_pid" }, { "pr_pri", "(int)args->next_prio" }, { NULL, NULL } } };
static const prov_xlate next_ps = { .type = "psinfo_t *", .members = (const prov_xmember[]){
	{ "pr_pid", "(pid_t)_proc(args->next_pid, 0)" }, { "pr_ppid", "(pid_t)_proc(args->next_pid, 1)" },
	{ "pr_uid", "(uid_t)_proc(args->next_pid, 2)" }, { "pr_gid", "(gid_t)_proc(args->next_pid, 3)" },
	{ "pr_fname", "args->next_comm" }, { "pr_psargs", "_psargs(_proc(args->next_pid, 0))" },
	{ NULL, NULL } } };
static const prov_xlate woken_lwp = { .type = "lwpsinfo_t *", .members = (const prov_xmember[]){
	{ "pr_lwpid", "(id_t)args->pid" }, { "pr_pri", "(int)args->prio" }, { NULL, NULL } } };
static const prov_xlate woken_ps = { .type = "psinfo_t *", .members = (const prov_xmember[]){
	{ "pr_pid", "(pid_t)_proc(args->pid, 0)" }, { "pr_ppid", "(pid_t)_proc(args->pid, 1)" },
	{ "pr_uid", "(uid_t)_proc(args->pid, 2)" }, { "pr_gid", "(gid_t)_proc(args->pid, 3)" },
	{ "pr_fname", "args->comm" }, { "pr_psargs", "_psargs(_proc(args->pid, 0))" }, { NULL, NULL } } };
static const prov_xlate woken_cpu = { .type = "cpuinfo_t *", .members = (const prov_xmember[]){
	{ "cpu_id", "(int)args->target_cpu" }, { "cpu_chip", "(int)_cputopo(args->target_cpu, 0)" },
	{ "cpu_lgrp", "(int)_cputopo(args->target_cpu, 1)" }, { NULL, NULL } } };


static const prov_map map[] = {
	{ "on-cpu", "sched", "sched_switch", { "next_pid" }, .as_tid = "next_pid", .as_comm = "next_comm" },
	{ "off-cpu", "sched", "sched_switch", { "next_pid" }, { &next_lwp, &next_ps }, .cond = MC_NONE },
	{ "sleep", "sched", "sched_switch", { "prev_state" }, .cond = MC_NONZERO, .cond_field = "prev_state",
	  .cond_mask = 0xff },
	{ "wakeup", "sched", "sched_wakeup", { "pid" }, { &woken_lwp, &woken_ps }, .cond = MC_NONE },
	{ "enqueue", "sched", "sched_wakeup", { "pid" }, { &woken_lwp, &woken_ps, &woken_cpu },
	  .cond = MC_NONE },
};
PROV_MAPPED(sched, map);
