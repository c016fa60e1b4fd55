/* The profile provider: profile-<rate> samples every CPU with cpu-clock
 * (arg0 = kernel PC or 0, arg1 = user PC or 0); tick-<rate> fires on one CPU
 * from a timer the runtime runs itself, since a cpu-clock event on an idle
 * CPU fires late or not at all. Rates are in Hz or carry a unit (ns, us,
 * ms, s, m, h, d); probes with other rates are made on demand. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/provider.h"

extern const provider prov_profile;

/* The period in ns of a "profile-..." or "tick-..." name, or 0. */
static uint64_t period_of(const char *name)
{
	static const struct { const char *unit; uint64_t ns; } units[] = {
		{ "ns", 1 }, { "nsec", 1 }, { "us", 1000 }, { "usec", 1000 },
		{ "ms", 1000000 }, { "msec", 1000000 }, { "s", 1000000000ULL },
		{ "sec", 1000000000ULL }, { "m", 60000000000ULL }, { "min", 60000000000ULL },
		{ "h", 3600000000000ULL }, { "hour", 3600000000000ULL },
		{ "d", 86400000000000ULL }, { "day", 86400000000000ULL },
	};
	const char *p = !strncmp(name, "profile-", 8) ? name + 8 : !strncmp(name, "tick-", 5) ? name + 5 : NULL;
	char *end;
	unsigned long long n;

	if (!p || *p < '0' || *p > '9')
		return 0;
	n = strtoull(p, &end, 10);
	if (n == 0)
		return 0;
	if (!*end || !strcmp(end, "hz"))
		return 1000000000ULL / n ? 1000000000ULL / n : 1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit))
			return n * units[i].ns;
	return 0;
}

static int list(int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		void *arg)
{
	static const char *const names[] = {
		"profile-97", "profile-199", "profile-499", "profile-997", "profile-1999",
		"profile-4001", "profile-4999", "tick-1", "tick-10", "tick-100", "tick-500",
		"tick-1000", "tick-5000", "tick-1s", "tick-10s",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int rc = add(&prov_profile, "", "", names[i], (long)period_of(names[i]), arg);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int provide(const char *prov, const char *mod, const char *func, const char *name)
{
	uint64_t ns = period_of(name);

	/* only exact names make probes, once; a glob matches what exists */
	if (!ns || !prov_glob(prov, "profile") || *mod || *func || strpbrk(name, "*?[\\") ||
	    prov_match("profile", "", "", name, NULL, NULL))
		return 0;
	if (ns < 10000)
		return -EINVAL; /* faster than 100 kHz would swamp the machine */
	long rc = prov_add_probe(&prov_profile, "profile", "", NULL, "", name, (long)ns);
	return rc < 0 ? (int)rc : 0;
}

typedef struct profev {
	uint32_t probe;
} profev;

static uint32_t decode(const prov_event *ev, const prov_sample *smp, prov_fire *f)
{
	const profev *p = ev->priv;

	if (smp->misc & PERF_RECORD_MISC_USER)
		f->args[1] = (int64_t)smp->ip;
	else
		f->args[0] = (int64_t)smp->ip;
	return p->probe;
}

static int attach(const prov_probe *const *probes, int n, int (*push)(prov_event *, void *),
		  void *arg, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		const prov_probe *p = probes[i];
		prov_event ev;
		memset(&ev, 0, sizeof(ev));
		snprintf(ev.desc, sizeof(ev.desc), "profile:::%s", p->name);
		if (!strncmp(p->name, "tick-", 5)) {
			ev.timer_ns = (uint64_t)p->priv;
			ev.timer_probe = p->id;
		} else {
			profev *pe = calloc(1, sizeof(*pe));
			if (!pe) {
				snprintf(err, errlen, "out of memory");
				return -ENOMEM;
			}
			pe->probe = p->id;
			ev.attr.type = PERF_TYPE_SOFTWARE;
			ev.attr.config = PERF_COUNT_SW_CPU_CLOCK;
			ev.attr.sample_period = (uint64_t)p->priv;
			ev.sample_type = PERF_SAMPLE_IP;
			ev.decode = decode;
			ev.priv = pe;
			ev.free_priv = free;
		}
		int rc = push(&ev, arg);
		if (rc < 0) {
			free(ev.priv);
			return rc;
		}
	}
	return 0;
}

const provider prov_profile = { .name = "profile", .list = list, .attach = attach, .provide = provide };
