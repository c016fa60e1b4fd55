/* The sched provider on Linux tracepoints: on-cpu fires as the thread
 * switched to, off-cpu as the one switched from, sleep when that one
 * blocks, wakeup and enqueue when a thread is woken (arg0 its tid). Linux
 * has no tracepoint for dequeue, preempt or remain-cpu: those probes do
 * not exist here. */
#include "probes/mapped.h"


static const prov_map map[] = {
	{ "on-cpu", "sched", "sched_switch", { "next_pid" }, .as_tid = "next_pid", .as_comm = "next_comm" },
	{ "off-cpu", "sched", "sched_switch", { "next_pid" }, .cond = MC_NONE },
	{ "sleep", "sched", "sched_switch", { "prev_state" }, .cond = MC_NONZERO, .cond_field = "prev_state",
	  .cond_mask = 0xff },
	{ "wakeup", "sched", "sched_wakeup", { "pid" }, .cond = MC_NONE },
	{ "enqueue", "sched", "sched_wakeup", { "pid" }, .cond = MC_NONE },
};
PROV_MAPPED(sched, map);
