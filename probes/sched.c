/* The sched provider on Linux tracepoints: on-cpu fires as the thread
 * switched to, off-cpu as the one switched from, sleep when that one
 * blocks, wakeup and enqueue when a thread is woken (arg0 its tid). Linux
 * has no tracepoint for dequeue, preempt or remain-cpu: those probes do
 * not exist here. */
#include "probes/mapped.h"

extern const provider prov_sched;

static const prov_map map[] = {
	{ "on-cpu", "sched", "sched_switch", { "next_pid" }, .as_tid = "next_pid", .as_comm = "next_comm" },
	{ "off-cpu", "sched", "sched_switch", { "next_pid" }, .cond = MC_NONE },
	{ "sleep", "sched", "sched_switch", { "prev_state" }, .cond = MC_NONZERO, .cond_field = "prev_state",
	  .cond_mask = 0xff },
	{ "wakeup", "sched", "sched_wakeup", { "pid" }, .cond = MC_NONE },
	{ "enqueue", "sched", "sched_wakeup", { "pid" }, .cond = MC_NONE },
};
#define N (int)(sizeof(map) / sizeof(map[0]))

static int list(int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		void *arg)
{
	return prov_map_list(&prov_sched, map, N, add, arg);
}

static int attach(const prov_probe *const *probes, int n, int (*push)(prov_event *, void *),
		  void *arg, char *err, size_t errlen)
{
	return prov_map_attach(map, probes, n, push, arg, err, errlen);
}

static int field(const prov_probe *p, const char *name, prov_field *out)
{
	return prov_map_field(map, p, name, out);
}

const provider prov_sched = { "sched", list, attach, NULL, field };
