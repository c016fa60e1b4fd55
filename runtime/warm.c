/* Tracepoints registered ahead (and the kernel's scheduler hooks for perf
 * turned on: warm_switches()). The first perf event opened on a
 * tracepoint registers it with the kernel, which patches the tracepoint's
 * call sites in and waits for every CPU to see them: on this class of
 * machine 1-4 ms, most of it asleep. A second event on the same tracepoint
 * costs what any event does. So the compiler names the tracepoints the
 * program surely attaches to as soon as it has parsed the program
 * (dc_input.warm, from the providers' surely()), and the start-up helper
 * opens a disabled counting event on each while the compiler and the
 * attach go on: rt_rings_open() finds them registered. They are closed
 * once tracing has begun, when the program's own events hold the
 * registration (closing them costs nothing then). */
#include <errno.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probes/provider.h"
#include "runtime/rt.h"

#define WARM_MAX 8

typedef struct rt_warm {
	pthread_mutex_t mu;
	int switches;           /* warm_switches()'s event; -1: not yet opened */
	int n;                  /* posted */
	int next;               /* the next one for the helper to open */
	struct {
		char sys[64], event[128];
		int fd;
	} tp[WARM_MAX];
} rt_warm;

int rt_warm_new(rt_session *s)
{
	if (!(s->warm = calloc(1, sizeof(*s->warm))))
		return -1;
	pthread_mutex_init(&s->warm->mu, NULL);
	s->warm->switches = -1;
	/* the helper reads tracefs: its directory found here, before it starts */
	prov_tracefs_dir();
	return 0;
}

void rt_warm_post(const char *sys, const char *event, void *arg)
{
	rt_warm *w = ((rt_session *)arg)->warm;

	pthread_mutex_lock(&w->mu);
	if (w->n < WARM_MAX) {
		snprintf(w->tp[w->n].sys, sizeof(w->tp[w->n].sys), "%s", sys);
		snprintf(w->tp[w->n].event, sizeof(w->tp[w->n].event), "%s", event);
		w->tp[w->n++].fd = -1;
	}
	pthread_mutex_unlock(&w->mu);
}

/* The kernel's scheduler hooks for perf (its perf_sched_events key) go
 * on with the first event that records context switches or follows a
 * task, and off a second after the last closes. Turning them on patches
 * code on every CPU and waits for an RCU grace period: 0.5-5 ms here after
 * a second of idleness, against 0.05-0.1 for the next such event. An
 * untimed session's side-band events record switches (ring.c): a disabled
 * dummy event of the helper's turns the hooks on ahead, whatever the
 * program turns out to be. Its fd, or -2 if the kernel refused it. */
static int warm_switches(void)
{
	struct perf_event_attr a = { .size = sizeof(a), .type = PERF_TYPE_SOFTWARE,
				     .config = PERF_COUNT_SW_DUMMY, .disabled = 1, .context_switch = 1 };
	int fd = (int)syscall(SYS_perf_event_open, &a, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);

	return fd >= 0 ? fd : -2;
}

void rt_warm_open(rt_session *s)
{
	rt_warm *w = s->warm;

	while (w) {
		pthread_mutex_lock(&w->mu);
		int i = w->next < w->n ? w->next++ : -1;
		pthread_mutex_unlock(&w->mu);
		if (i < 0)
			break;
		/* (tp[i] is the helper's alone from here to the join) */
		int id = prov_tracefs_event_id(w->tp[i].sys, w->tp[i].event);
		struct perf_event_attr a = { .size = sizeof(a), .type = PERF_TYPE_TRACEPOINT,
					     .config = (uint64_t)id, .disabled = 1 };
		if (id >= 0)
			w->tp[i].fd = (int)syscall(SYS_perf_event_open, &a, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	}
	if (w && w->switches == -1)
		w->switches = warm_switches();
}

void rt_warm_close(rt_session *s)
{
	rt_warm *w = s->warm;

	if (!w)
		return;
	if (w->switches >= 0)
		close(w->switches);
	for (int i = 0; i < w->n; i++)
		if (w->tp[i].fd >= 0)
			close(w->tp[i].fd);
	pthread_mutex_destroy(&w->mu);
	free(w);
	s->warm = NULL;
}

int rt_warm_switching(const rt_session *s)
{
	return s->warm && s->warm->switches >= 0;
}

int rt_warm_count(const rt_session *s)
{
	int n = 0;

	for (int i = 0; s->warm && i < s->warm->n; i++)
		n += s->warm->tp[i].fd >= 0;
	return n;
}
