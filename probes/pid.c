/* The pid provider: pid<PID>:<module>:<function>:entry, :return and
 * :<hex offset> for every function of every object a process maps, made on
 * demand from the objects' symbol tables when a description names them.
 * Modules are basenames (the program also answers to a.out); return probes
 * instrument each instruction that leaves the function, so arg0 is its
 * offset and arg1 the return value, as DTrace defines them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/uprobe.h"

extern const provider prov_pid;

/* Is off the start of an instruction of the function? */
static int boundary(const prov_umod *m, const prov_elfsym *s, uint64_t off)
{
	uint8_t *code;
	prov_insn *in;
	int n = prov_uprobe_decode(m->elf, s->off, s->size, &code, &in), ok = 0;

	for (int i = 0; i < n && !ok; i++)
		ok = in[i].off == off;
	free(code);
	free(in);
	return ok;
}

/* Is a a better name than b for one function's address? As DTrace keeps
 * one symbol per address when a glob names many: the public name, the one
 * with fewer leading underscores (strtol, not __GI_strtol), then shorter. */
static int better_name(const char *a, const char *b)
{
	size_t ua = strspn(a, "_"), ub = strspn(b, "_");

	if (ua != ub)
		return ua < ub;
	return strlen(a) < strlen(b);
}

static int add_func(const char *provname, int32_t pid, const prov_umod *m, const prov_elfsym *s,
		    const char *func, const char *name, int is_off, unsigned long long at)
{
	prov_uprobe u = { .pid = pid, .path = m->path, .off = s->off, .size = s->size };
	int rc = 0;

	if (is_off) {
		char nm[32];
		if (at >= s->size || !boundary(m, s, at)) {
			if (strpbrk(func, "*?["))
				return 0;
			prov_set_error("offset 0x%llx is not an instruction boundary of %s`%s", at, m->base,
				       s->name);
			return -EINVAL;
		}
		u.kind = PROV_UOFFSET;
		u.insn = (uint32_t)at;
		snprintf(nm, sizeof(nm), "%llx", at);
		return prov_uprobe_add(&prov_pid, provname, m, s->name, nm, &u);
	}
	if (prov_glob(name, "entry")) {
		u.kind = PROV_UENTRY;
		rc = prov_uprobe_add(&prov_pid, provname, m, s->name, "entry", &u);
	}
	if (rc == 0 && s->size && prov_glob(name, "return")) {
		u.kind = PROV_URETURN;
		rc = prov_uprobe_add(&prov_pid, provname, m, s->name, "return", &u);
	}
	return rc;
}

static int provide_mod(const char *provname, int32_t pid, const prov_umod *m, const char *func,
		       const char *name)
{
	char *end;
	unsigned long long at = strtoull(name, &end, 16);
	int is_off = *name && !*end && !strpbrk(name, "*?["), glob = !*func || strpbrk(func, "*?[");
	int n = prov_elf_nsyms(m->elf), k = 0, rc = 0;
	const prov_elfsym **pick = malloc((size_t)(n + 1) * sizeof(*pick));

	if (!pick)
		return -ENOMEM;
	/* the matching functions; under a glob, one name per address */
	for (int j = 0; j < n; j++) {
		const prov_elfsym *s = prov_elf_sym(m->elf, j);
		if (!prov_glob(func, s->name) || s->off == UINT64_MAX ||
		    (k && !strcmp(pick[k - 1]->name, s->name)))
			continue;
		int dup = -1;
		for (int i = 0; glob && i < k && dup < 0; i++)
			if (pick[i]->addr == s->addr)
				dup = i;
		if (dup < 0)
			pick[k++] = s;
		else if (better_name(s->name, pick[dup]->name))
			pick[dup] = s;
	}
	for (int i = 0; i < k && rc == 0; i++)
		rc = add_func(provname, pid, m, pick[i], func, name, is_off, at);
	free(pick);
	return rc;
}

static int provide(const char *prov, const char *mod, const char *func, const char *name)
{
	size_t prefix;
	int32_t pid = prov_uprobe_pid_of(prov, &prefix);
	char provname[32];
	prov_umod *m;
	int rc = 0;

	if (!pid || prefix != 3 || strncmp(prov, "pid", 3))
		return 0;
	snprintf(provname, sizeof(provname), "pid%d", pid);
	prov_target_ready(pid);
	int nm = prov_umods(pid, &m);
	for (int i = 0; i < nm && rc == 0; i++)
		if (m[i].elf && prov_umod_matches(&m[i], mod))
			rc = provide_mod(provname, pid, &m[i], func, name);
	prov_umods_free(m, nm);
	return rc;
}

const provider prov_pid = { .name = "pid", .list = NULL, .attach = prov_uprobe_attach,
			    .provide = provide, .unload = prov_uprobe_unload };
