/* The probe-matching pass: every probe description of every clause must
 * name a known provider and match at least one probe (unless -Z). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dc/ast.h"
#include "probes/provider.h"

/* The description as DTrace names it in errors: with its macro variables
 * expanded (pid$target::f:entry is pid123::f:entry). */
static const char *spec_text(dcomp *c, const dtr_probespec *ps)
{
	if (!strchr(ps->text, '$'))
		return ps->text;
	size_t l = strlen(ps->prov) + strlen(ps->mod) + strlen(ps->func) + strlen(ps->name) + 4;
	char *t = darena_alloc(c->arena, l);
	snprintf(t, l, "%s:%s:%s:%s", ps->prov, ps->mod, ps->func, ps->name);
	return t;
}

void dprobe_check(dcomp *c)
{
	/* every description's providers list their probes before any probe
	 * is made on demand (profile-N, pid), so listed probes keep their ids */
	for (int i = 0; i < c->nclauses; i++)
		for (int s = 0; s < c->clauses[i].nspecs; s++)
			if (prov_load_for(c->clauses[i].specs[s].prov, c->clauses[i].specs[s].name) < 0)
				dc_fail(c, (dloc){ 0, 0 }, "D_NOMEM", "out of memory loading the probe table");
	for (int i = 0; i < c->nclauses; i++) {
		dclause *cl = &c->clauses[i];
		for (int s = 0; s < cl->nspecs; s++) {
			dtr_probespec *ps = &cl->specs[s];
			char err[256];
			int rc = prov_provide(ps->prov, ps->mod, ps->func, ps->name, err, sizeof(err));
			if (rc == -ENOSYS) /* the kernel cannot serve the provider */
				dc_fail(c, ps->loc, "D_PROV_UNAVAIL", "%s", err);
			if (rc < 0)
				dc_fail(c, ps->loc, "D_PDESC_ZERO", "probe description %s does not match "
					"any probes: %s", spec_text(c, ps), err);
			const char *why = prov_list_error(ps->prov);
			if (why && !prov_match(ps->prov, ps->mod, ps->func, ps->name, NULL, NULL))
				dc_fail(c, ps->loc, "D_PDESC_ZERO", "probe description %s does not match "
					"any probes: %s", spec_text(c, ps), why);
			if (c->in->zdefs)
				continue;
			if (!prov_match(ps->prov, ps->mod, ps->func, ps->name, NULL, NULL))
				dc_fail(c, ps->loc, "D_PDESC_ZERO", "probe description %s does not match "
					"any probes%s", spec_text(c, ps), prov_provider_exists(ps->prov) ? "" :
					" (no such provider)");
		}
	}
}

void dprobe_warm(dcomp *c)
{
	int n = 0;

	for (int i = 0; i < c->nclauses; i++)
		n += c->clauses[i].nspecs;
	if (!c->in->warm || !n)
		return;
	prov_desc *d = darena_alloc(c->arena, sizeof(*d) * (size_t)n);
	n = 0;
	for (int i = 0; i < c->nclauses; i++)
		for (int s = 0; s < c->clauses[i].nspecs; s++) {
			const dtr_probespec *ps = &c->clauses[i].specs[s];
			d[n++] = (prov_desc){ ps->prov, ps->mod, ps->func, ps->name };
		}
	prov_surely(d, n, c->in->warm, c->in->warm_arg);
}
