/* Shared machinery of the mapped providers: probes are listed from a table
 * (only those whose tracepoint this kernel has), attached as their
 * tracepoint with a decoder that applies the table's condition and
 * argument fields, and args->field reads the tracepoint's own fields. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/mapped.h"

/* Is map[i] a further tracepoint of a probe an earlier entry lists? */
static int listed_before(const prov_map *map, int i)
{
	for (int k = 0; k < i; k++)
		if (!strcmp(map[k].name, map[i].name) && prov_tracefs_event_id(map[k].sys, map[k].event) >= 0)
			return 1;
	return 0;
}

int prov_map_list(const provider *pv, const prov_map *map, int n,
		  int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		  void *arg)
{
	if (!prov_tracefs_dir())
		return -EACCES;
	for (int i = 0; i < n; i++) {
		if (prov_tracefs_event_id(map[i].sys, map[i].event) < 0)
			continue; /* this kernel lacks it: the probe does not exist */
		if (listed_before(map, i))
			continue;
		int rc = add(pv, "vmlinux", "", map[i].name, i, arg);
		if (rc < 0)
			return rc;
	}
	return 0;
}

typedef struct fld {
	int32_t off;      /* -1: absent */
	uint32_t size;
	uint8_t sign;
} fld;

typedef struct mapev {
	uint32_t probe;
	int cond;
	uint64_t mask;
	fld args[3], tid, comm, condf;
} mapev;

static int lookup(const prov_map *m, const char *name, fld *f)
{
	prov_field pf;

	f->off = -1;
	if (!name)
		return 0;
	if (prov_tracefs_field_info(m->sys, m->event, name, &pf) < 0)
		return -ENOENT;
	f->off = (int32_t)pf.offset;
	f->size = pf.size > 8 ? 8 : pf.size;
	f->sign = pf.is_signed;
	return 0;
}

static int64_t get(const prov_sample *smp, const fld *f)
{
	uint64_t v = 0;

	if (f->off < 0 || (uint64_t)f->off + f->size > smp->rawlen)
		return 0;
	memcpy(&v, smp->raw + f->off, f->size);
	if (f->sign && f->size < 8) {
		int sh = 64 - 8 * (int)f->size;
		return (int64_t)(v << sh) >> sh;
	}
	return (int64_t)v;
}

static uint32_t decode(const prov_event *ev, const prov_sample *smp, prov_fire *f)
{
	const mapev *m = ev->priv;
	int64_t c = get(smp, &m->condf);

	if (m->mask)
		c &= (int64_t)m->mask;
	switch (m->cond) {
	case MC_NONZERO: if (!c) return 0; break;
	case MC_ZERO: if (c) return 0; break;
	case MC_NEGATIVE: if (c >= 0) return 0; break;
	case MC_LEADER: if (smp->pid != smp->tid) return 0; break;
	case MC_NOT_LEADER: if (smp->pid == smp->tid) return 0; break;
	}
	for (int i = 0; i < 3; i++)
		f->args[i] = get(smp, &m->args[i]);
	if (m->tid.off >= 0) {
		f->tid = (int32_t)get(smp, &m->tid);
		f->pid = -1; /* the runtime finds the process of tid */
	}
	if (m->comm.off >= 0 && (uint64_t)m->comm.off + 16 <= smp->rawlen)
		f->comm = (const char *)smp->raw + m->comm.off;
	return m->probe;
}

/* Attach probe p as the tracepoint of entry m. */
static int attach_one(const prov_map *m, const prov_probe *p, int (*push)(prov_event *, void *), void *arg,
		      char *err, size_t errlen)
{
	mapev *me = calloc(1, sizeof(*me));
	if (!me)
		return -ENOMEM;
	me->probe = p->id;
	me->cond = m->cond;
	me->mask = m->cond_mask;
	int bad = lookup(m, m->cond_field, &me->condf) || lookup(m, m->as_tid, &me->tid);
	for (int k = 0; k < 3; k++)
		bad |= lookup(m, m->args[k], &me->args[k]);
	/* comm is a char array: keep its offset, not a value */
	prov_field pf;
	me->comm.off = m->as_comm && prov_tracefs_field_info(m->sys, m->event, m->as_comm, &pf) == 0 ?
		       (int32_t)pf.offset : -1;
	if (bad) {
		snprintf(err, errlen, "tracepoint %s:%s lacks a field %s:::%s needs", m->sys, m->event,
			 p->provname, m->name);
		free(me);
		return -ENOENT;
	}
	/* a probe that fires as another thread excludes dtr as that thread */
	return prov_tracepoint_push(m->sys, m->event, m->cond == MC_NONE ? me->probe : 0,
				    m->any_thread ? "" : m->as_tid, decode,
				    me, push, arg, err, errlen);
}

/* A probe is its entry's tracepoint and those of the later entries of its
 * name that this kernel has (their records laid out alike: args->field
 * reads the first one's format). */
int prov_map_attach(const prov_map *map, int nmap, const prov_probe *const *probes, int n,
		    int (*push)(prov_event *, void *), void *arg, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		for (int j = (int)probes[i]->priv; j < nmap; j++) {
			if (j != (int)probes[i]->priv &&
			    (strcmp(map[j].name, map[probes[i]->priv].name) ||
			     prov_tracefs_event_id(map[j].sys, map[j].event) < 0))
				continue;
			int rc = attach_one(&map[j], probes[i], push, arg, err, errlen);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

int prov_map_field(const prov_map *map, const prov_probe *p, const char *name, prov_field *out)
{
	const prov_map *m = &map[p->priv];
	return prov_tracefs_field_info(m->sys, m->event, name, out);
}

const prov_xlate *prov_map_xlate(const prov_map *map, const prov_probe *p, int n)
{
	return n >= 0 && n < 3 ? map[p->priv].xargs[n] : NULL;
}

_Static_assert(PI_EUID == 4 && PI_EGID == 5 && PI_PGID == 6 && PI_SID == 7 && PI_DMODEL == 8 &&
	       PI_START == 9 && PI_NLWP == 10 && PI_PRI == 11 && PI_CLASS == 12 && PI_LWPSTART == 13,
	       "the numbers XM_PSINFO_PROC and XM_LWPSINFO_PROC pass to _proc()");

static const prov_xmember curpsinfo_m[] = {
	{ "pr_pid", "pid" }, { "pr_ppid", "ppid" }, { "pr_uid", "uid" }, { "pr_gid", "gid" },
	{ "pr_fname", "execname" }, { "pr_psargs", "_psargs(pid)" }, XM_PSINFO_PROC("tid"), { NULL, NULL },
};
/* the firing thread is on a CPU: running */
static const prov_xmember curlwpsinfo_m[] = {
	{ "pr_lwpid", "tid" }, { "pr_onpro", "cpu" }, { "pr_name", "execname" },
	{ "pr_pri", "(int)_proc(tid, 11)" }, XM_LWPSINFO_RUN, XM_LWPSINFO_PROC("tid"), { NULL, NULL },
};
const prov_xlate prov_xl_curpsinfo = { .type = "psinfo_t *", .members = curpsinfo_m };
const prov_xlate prov_xl_curlwpsinfo = { .type = "lwpsinfo_t *", .members = curlwpsinfo_m };
