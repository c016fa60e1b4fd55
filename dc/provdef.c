/* Provider definitions (provider p { probe name(args); };), the input of
 * dtr -h: their names are checked as DTrace checks them, a probe declared
 * twice and a redefinition with another interface are rejected, and the
 * result is recorded on the program. Messages name a probe as DTrace does,
 * provider:::name with each "__" of the name shown as '-'. */
#include <ctype.h>
#include <string.h>

#include "dc/ast.h"

/* DTrace's limits: DTRACE_PROVNAMELEN and DTRACE_NAMELEN count the NUL; a
 * prototype has at most UINT8_MAX parameters. */
enum { PROVNAMELEN = 64, NAMELEN = 64, MAXARGS = 255 };

/* The name D shows for a probe: each "__" a '-' (query__receive is
 * query-receive), as DTrace's strhyphenate(). */
static char *hyphenate(dcomp *c, const char *s)
{
	char *d = darena_alloc(c->arena, strlen(s) + 1), *o = d;

	while (*s) {
		if (s[0] == '_' && s[1] == '_') {
			*o++ = '-';
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	return d;
}

static void check_provider_name(dcomp *c, const dtr_provdef *pd)
{
	size_t len = strlen(pd->name);

	if (strchr(pd->name, '`'))
		dc_fail(c, pd->loc, "D_PROV_BADNAME", "provider name may not contain scoping "
			"operator: %s", pd->name);
	if (len >= PROVNAMELEN)
		dc_fail(c, pd->loc, "D_PROV_BADNAME", "provider name may not exceed %d characters: %s",
			PROVNAMELEN - 1, pd->name);
	/* a USDT provider's probes are shown as name<pid> */
	if (isdigit((unsigned char)pd->name[len - 1]))
		dc_fail(c, pd->loc, "D_PROV_BADNAME", "provider name may not end with a digit: %s",
			pd->name);
}

static void check_probe(dcomp *c, dtr_provprobe *p)
{
	p->dname = hyphenate(c, p->name);
	if (strchr(p->name, '`'))
		dc_fail(c, p->loc, "D_PROV_BADNAME", "probe name may not contain scoping operator: "
			"::%s", p->dname);
	if (strlen(p->dname) >= NAMELEN)
		dc_fail(c, p->loc, "D_PROV_BADNAME", "probe name may not exceed %d characters: ::%s",
			NAMELEN - 1, p->dname);
	if (p->nargs > MAXARGS)
		dc_fail(c, p->loc, "D_PROV_PRARGLEN", "probe ::%s input prototype exceeds %d "
			"parameters: %d params used", p->dname, MAXARGS, p->nargs);
}

static const dtr_provprobe *find_probe(const dtr_provdef *pd, const char *name)
{
	for (int i = 0; i < pd->nprobes; i++)
		if (!strcmp(pd->probes[i].name, name))
			return &pd->probes[i];
	return NULL;
}

/* A probe defined again must have the same arguments. DTrace compares the
 * prototype D sees (the translated one, else the native one, which it then
 * calls the output prototype); the translated types are not kept here, so
 * the native ones are compared, named "input" when there is a translation. */
static void compare(dcomp *c, const char *prov, const dtr_provprobe *old,
		    const dtr_provprobe *cur, int xlated)
{
	const char *kind = xlated ? "input" : "output";

	if (old->nargs != cur->nargs)
		dc_fail(c, cur->loc, "D_PROV_INCOMPAT", "probe %s:::%s %s prototype mismatch:\n"
			"\t current: %d arg%s\n\tprevious: %d arg%s", prov, cur->dname, kind,
			cur->nargs, cur->nargs != 1 ? "s" : "", old->nargs, old->nargs != 1 ? "s" : "");
	for (int i = 0; i < cur->nargs; i++)
		if (strcmp(old->argtypes[i], cur->argtypes[i]))
			dc_fail(c, cur->loc, "D_PROV_INCOMPAT", "probe %s:::%s %s prototype argument "
				"#%d mismatch:\n\t current: %s\n\tprevious: %s", prov, cur->dname, kind,
				i + 1, cur->argtypes[i], old->argtypes[i]);
}

void dprov_define(dcomp *c, const dtr_provdef *pd, const unsigned char *xlated)
{
	dtr_program *prog = c->prog;
	const dtr_provdef *old = NULL;

	check_provider_name(c, pd);
	for (int i = 0; i < prog->nprovdefs && !old; i++)
		if (!strcmp(prog->provdefs[i].name, pd->name))
			old = &prog->provdefs[i];
	for (int i = 0; i < pd->nprobes; i++) {
		dtr_provprobe *p = &pd->probes[i];
		check_probe(c, p);
		for (int k = 0; k < i; k++)
			if (!strcmp(pd->probes[k].name, p->name))
				dc_fail(c, p->loc, "D_PROV_PRDUP", "probe redeclared: %s:::%s",
					pd->name, p->dname);
		if (!old)
			continue;
		/* DTrace takes a provider defined again as a redeclaration:
		 * each probe must be one the first definition has, alike */
		const dtr_provprobe *q = find_probe(old, p->name);
		if (!q)
			dc_fail(c, p->loc, "D_PROV_INCOMPAT", "provider interface mismatch: %s\n"
				"\t current: probe %s:::%s defined\n\tprevious: probe %s:::%s not defined",
				pd->name, pd->name, p->dname, pd->name, p->dname);
		compare(c, pd->name, q, p, xlated[i]);
	}
	if (old)
		return;
	prog->provdefs = darena_push(c->arena, prog->provdefs, prog->nprovdefs,
				     sizeof(*prog->provdefs));
	prog->provdefs[prog->nprovdefs++] = *pd;
}
