/* The tracepoint provider: every tracefs event as tracepoint:<system>::<event>,
 * also reachable as sdt:<system>::<event> as Oracle's DTrace for Linux names
 * them. args->field reads the event's raw record, typed from its format
 * file (__data_loc strings readable as strings). Also the shared helper
 * that turns one tracepoint into an event source. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/provider.h"

extern const provider prov_tracepoint, prov_sdt;

/* available_events, read once for both providers that list it (the kernel
 * generates it anew on every read), in large reads. */
static char *events;

static void unload(void)
{
	free(events);
	events = NULL;
}

static int read_events(void)
{
	size_t len;

	if (events)
		return 0;
	if (!prov_tracefs_dir())
		return -EACCES;
	events = prov_tracefs_read("available_events", &len);
	return events ? 0 : -errno;
}

static int list_as(const provider *pv,
		   int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		   void *arg)
{
	char line[512];
	int rc = read_events();

	for (const char *p = events; rc == 0 && p && *p;) {
		size_t l = strcspn(p, "\n");
		const char *colon = memchr(p, ':', l);
		if (colon && l < sizeof(line)) {
			memcpy(line, p, l);
			line[l] = 0;
			line[colon - p] = 0;
			rc = add(pv, line, "", line + (colon - p) + 1, 0, arg);
		}
		p += l + (p[l] == '\n');
	}
	return rc;
}

static int list_tp(int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		   void *arg)
{
	return list_as(&prov_tracepoint, add, arg);
}

static int list_sdt(int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		    void *arg)
{
	return list_as(&prov_sdt, add, arg);
}

typedef struct tpev {
	uint32_t probe;
} tpev;

static uint32_t decode(const prov_event *ev, const prov_sample *smp, prov_fire *f)
{
	(void)smp, (void)f;
	return ((const tpev *)ev->priv)->probe;
}

int prov_tracepoint_push(const char *sys, const char *event, uint32_t probe, const char *pid_field,
			 uint32_t (*dec)(const prov_event *, const prov_sample *, prov_fire *),
			 void *priv, int (*push)(prov_event *, void *), void *arg,
			 char *err, size_t errlen)
{
	prov_event ev;
	int id = prov_tracefs_event_id(sys, event);

	if (id < 0) {
		snprintf(err, errlen, "cannot read tracepoint %s:%s: %s", sys, event, strerror(-id));
		free(priv);
		return id;
	}
	memset(&ev, 0, sizeof(ev));
	ev.attr.type = PERF_TYPE_TRACEPOINT;
	ev.attr.config = (uint64_t)id;
	ev.sample_type = PERF_SAMPLE_RAW;
	ev.has_pid_field = !pid_field || *pid_field;
	ev.pid_field = pid_field && *pid_field ? pid_field : NULL;
	ev.decode = dec;
	ev.priv = priv;
	ev.free_priv = free;
	snprintf(ev.desc, sizeof(ev.desc), "%s:%s", sys, event);
	ev.only_probe = probe;
	/* this provider's decoder reads nothing of the record: only args-> does */
	ev.raw_is_args = dec == decode;
	int rc = push(&ev, arg);
	if (rc < 0)
		free(priv);
	return rc;
}

static int attach(const prov_probe *const *probes, int n, int (*push)(prov_event *, void *),
		  void *arg, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		tpev *t = calloc(1, sizeof(*t));
		if (!t)
			return -ENOMEM;
		t->probe = probes[i]->id;
		int rc = prov_tracepoint_push(probes[i]->mod, probes[i]->name, t->probe, NULL, decode, t,
					      push, arg, err, errlen);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int field(const prov_probe *p, const char *name, prov_field *out)
{
	return prov_tracefs_field_info(p->mod, p->name, name, out);
}

const provider prov_tracepoint = { .name = "tracepoint", .list = list_tp, .attach = attach, .field = field,
				   .unload = unload };
const provider prov_sdt = { .name = "sdt", .list = list_sdt, .attach = attach, .field = field };
