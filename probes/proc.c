/* The proc provider, as DTrace documents it, on Linux tracepoints. Args
 * are integers: exec arg0 is the path's user address (copyinstr(arg0));
 * exec-failure arg0 the negative errno; create and lwp-create arg0 the new
 * pid/tid; signal-send arg1 the target pid and arg2 the signal;
 * signal-handle arg0 the signal. DTrace's psinfo_t/lwpsinfo_t translated
 * args[] are absent; args->field reads the tracepoint's own fields. */
#include "probes/mapped.h"


#define CLONE_THREAD 0x00010000

static const prov_map map[] = {
	{ "exec", "syscalls", "sys_enter_execve", { "filename" }, .cond = MC_NONE },
	{ "exec-success", "sched", "sched_process_exec", { 0 }, .cond = MC_NONE },
	{ "exec-failure", "syscalls", "sys_exit_execve", { "ret" }, .cond = MC_NEGATIVE, .cond_field = "ret" },
	{ "exit", "sched", "sched_process_exit", { 0 }, .cond = MC_LEADER },
	{ "create", "task", "task_newtask", { "pid" }, .cond = MC_ZERO, .cond_field = "clone_flags",
	  .cond_mask = CLONE_THREAD },
	{ "lwp-create", "task", "task_newtask", { "pid" }, .cond = MC_NONZERO, .cond_field = "clone_flags",
	  .cond_mask = CLONE_THREAD },
	{ "lwp-exit", "sched", "sched_process_exit", { 0 }, .cond = MC_NOT_LEADER },
	{ "signal-send", "signal", "signal_generate", { NULL, "pid", "sig" }, .cond = MC_NONE },
	{ "signal-handle", "signal", "signal_deliver", { "sig" }, .cond = MC_NONE },
};
PROV_MAPPED(proc, map);
