/* The proc provider, as DTrace documents it, on Linux tracepoints.
 * arg0..arg2 are integers: exec arg0 is the path's user address; exec-failure
 * arg0 the negative errno; create and lwp-create arg0 the new pid/tid;
 * signal-send arg1 the target pid and arg2 the signal; signal-handle arg0
 * the signal. args[] are DTrace's: exec's args[0] the path (a string),
 * exec-failure's the errno, create's a psinfo_t of the child, lwp-create's
 * an lwpsinfo_t and psinfo_t, signal-send's the target's lwpsinfo_t and
 * psinfo_t and the signal, signal-handle's the signal. args->field reads
 * the tracepoint's own fields. */
#include "probes/mapped.h"

static const prov_xlate path_x = { .type = "string", .expr = "copyinstr(arg0)" };
static const prov_xlate errno_x = { .type = "int", .expr = "-(int)arg0" };
static const prov_xlate sig_x = { .type = "int", .expr = "(int)args->sig" };
static const prov_xlate reason_x = { .type = "int",
	.absent = "sched_process_exit does not carry the exit status" };
/* the child of a fork: task_newtask runs in the parent */
static const prov_xlate child_x = { .type = "psinfo_t *", .members = (const prov_xmember[]){
	{ "pr_pid", "(pid_t)args->pid" }, { "pr_ppid", "pid" }, { "pr_uid", "uid" }, { "pr_gid", "gid" },
	{ "pr_fname", "args->comm" }, { "pr_psargs", "_psargs(args->pid)" }, XM_PSINFO_PROC("args->pid"),
	{ NULL, NULL } } };
static const prov_xlate newlwp_x = { .type = "lwpsinfo_t *", .members = (const prov_xmember[]){
	{ "pr_lwpid", "(id_t)args->pid" }, { "pr_name", "args->comm" }, { "pr_pri", "(int)_proc(args->pid, 11)" },
	XM_LWPSINFO_PROC("args->pid"), { NULL, NULL } } };
/* the target of a signal: a thread; its process from dtr's process table */
static const prov_xlate target_lwp_x = { .type = "lwpsinfo_t *", .members = (const prov_xmember[]){
	{ "pr_lwpid", "(id_t)args->pid" }, { "pr_name", "args->comm" }, { "pr_pri", "(int)_proc(args->pid, 11)" },
	XM_LWPSINFO_PROC("args->pid"), { NULL, NULL } } };
static const prov_xlate target_ps_x = { .type = "psinfo_t *", .members = (const prov_xmember[]){
	{ "pr_pid", "(pid_t)_proc(args->pid, 0)" }, { "pr_ppid", "(pid_t)_proc(args->pid, 1)" },
	{ "pr_uid", "(uid_t)_proc(args->pid, 2)" }, { "pr_gid", "(gid_t)_proc(args->pid, 3)" },
	{ "pr_fname", "args->comm" }, { "pr_psargs", "_psargs(_proc(args->pid, 0))" }, XM_PSINFO_PROC("args->pid"),
	{ NULL, NULL } } };


#define CLONE_THREAD 0x00010000

static const prov_map map[] = {
	{ "exec", "syscalls", "sys_enter_execve", { "filename" }, { &path_x }, .cond = MC_NONE },
	{ "exec-success", "sched", "sched_process_exec", { 0 }, .cond = MC_NONE },
	{ "exec-failure", "syscalls", "sys_exit_execve", { "ret" }, { &errno_x }, .cond = MC_NEGATIVE,
	  .cond_field = "ret" },
	{ "exit", "sched", "sched_process_exit", { 0 }, { &reason_x }, .cond = MC_LEADER },
	{ "create", "task", "task_newtask", { "pid" }, { &child_x }, .cond = MC_ZERO,
	  .cond_field = "clone_flags", .cond_mask = CLONE_THREAD },
	{ "lwp-create", "task", "task_newtask", { "pid" }, { &newlwp_x, &prov_xl_curpsinfo }, .cond = MC_NONZERO,
	  .cond_field = "clone_flags", .cond_mask = CLONE_THREAD },
	{ "lwp-exit", "sched", "sched_process_exit", { 0 }, .cond = MC_NOT_LEADER },
	{ "signal-send", "signal", "signal_generate", { NULL, "pid", "sig" },
	  { &target_lwp_x, &target_ps_x, &sig_x }, .cond = MC_NONE },
	{ "signal-handle", "signal", "signal_deliver", { "sig" }, { &sig_x }, .cond = MC_NONE },
};
PROV_MAPPED(proc, map);
