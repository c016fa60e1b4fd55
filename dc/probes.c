/* The probe-matching pass: every probe description of every clause must
 * name a known provider and match at least one probe (unless -Z). */
#include "dc/ast.h"
#include "probes/provider.h"

void dprobe_check(dcomp *c)
{
	if (prov_load() < 0)
		dc_fail(c, (dloc){ 0, 0 }, "D_NOMEM", "out of memory loading the probe table");
	for (int i = 0; i < c->nclauses; i++) {
		dclause *cl = &c->clauses[i];
		for (int s = 0; s < cl->nspecs; s++) {
			dtr_probespec *ps = &cl->specs[s];
			prov_provide(ps->prov, ps->mod, ps->func, ps->name);
			const char *why = prov_list_error(ps->prov);
			if (why && !prov_match(ps->prov, ps->mod, ps->func, ps->name, NULL, NULL))
				dc_fail(c, ps->loc, "D_PDESC_ZERO", "probe description %s does not match "
					"any probes: %s", ps->text, why);
			if (c->in->zdefs)
				continue;
			if (!prov_match(ps->prov, ps->mod, ps->func, ps->name, NULL, NULL))
				dc_fail(c, ps->loc, "D_PDESC_ZERO", "probe description %s does not match "
					"any probes%s", ps->text, prov_provider_exists(ps->prov) ? "" :
					" (no such provider)");
		}
	}
}
