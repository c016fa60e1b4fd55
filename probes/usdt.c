/* The usdt provider: the probes programs and libraries declare in
 * .note.stapsdt (<sys/sdt.h>, dtr -h headers), as <provider><PID>:<module>:
 * <function>:<name> with the note's double underscores shown as '-' as
 * DTrace shows them (request__start is request-start). Made on demand for
 * the process a description names (myapp123, myapp$target), or for every
 * process mapping the provider's object (myapp*); a probe's semaphore is switched on by
 * the uprobe PMU's reference counter while it is traced, and its arguments
 * are decoded from the note's argument specifications. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/uprobe.h"

extern const provider prov_usdt;

/* name with each "__" as "-" */
static void dtrace_name(const char *name, char *out, size_t len)
{
	size_t o = 0;

	for (const char *p = name; *p && o + 1 < len; p++) {
		if (p[0] == '_' && p[1] == '_') {
			out[o++] = '-';
			p++;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = 0;
}

static int provide_mod(const char *provpat, int32_t pid, const prov_umod *m, const char *func,
		       const char *name)
{
	for (int j = 0; j < prov_elf_nusdt(m->elf); j++) {
		const prov_usdtnote *n = prov_elf_usdt(m->elf, j);
		const prov_elfsym *s = prov_elf_sym_at(m->elf, n->addr);
		char pname[128], provname[96];
		dtrace_name(n->name, pname, sizeof(pname));
		snprintf(provname, sizeof(provname), "%s%d", n->provider, pid);
		if (!prov_glob(provpat, provname) || n->off == UINT64_MAX ||
		    !prov_glob(func, s ? s->name : "") ||
		    !(prov_glob(name, pname) || prov_glob(name, n->name)))
			continue;
		if (n->nargs < 0)
			fprintf(stderr, "dtr: warning: %s:%s in %s: arguments \"%s\" cannot be decoded\n",
				n->provider, n->name, m->base, n->argstr);
		prov_uprobe u = { .pid = pid, .kind = PROV_UUSDT, .path = m->path, .off = n->off,
				  .ref_ctr = n->sem_off, .usdt = *n };
		if (u.usdt.nargs < 0)
			u.usdt.nargs = 0;
		int rc = prov_uprobe_add(&prov_usdt, provname, m, s ? s->name : "", pname, &u);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int provide_pid(const char *prov, int32_t pid, const char *mod, const char *func, const char *name)
{
	prov_umod *m;
	int rc = 0, nm = prov_umods(pid, &m);

	for (int i = 0; i < nm && rc == 0; i++)
		if (m[i].elf && prov_elf_nusdt(m[i].elf) && prov_umod_matches(&m[i], mod))
			rc = provide_mod(prov, pid, &m[i], func, name);
	prov_umods_free(m, nm);
	return rc;
}

/* myapp123: process 123's probes; myapp*: those of every process that
 * maps an object declaring provider myapp, each as myapp<PID>. */
static int provide(const char *prov, const char *mod, const char *func, const char *name)
{
	size_t prefix;
	int32_t pid = prov_uprobe_pid_of(prov, &prefix);

	if (pid && !(prefix == 3 && !strncmp(prov, "pid", 3))) {
		prov_target_ready(pid);
		return provide_pid(prov, pid, mod, func, name);
	}
	if (pid || !*prov || !strpbrk(prov, "*?[") || !strncmp(prov, "pid", 3))
		return 0;
	DIR *d = opendir("/proc");
	int rc = 0;
	for (struct dirent *de; rc == 0 && d && (de = readdir(d));) {
		int32_t p = (int32_t)atol(de->d_name);
		if (p > 0 && p != getpid())
			rc = provide_pid(prov, p, mod, func, name);
	}
	if (d)
		closedir(d);
	return rc;
}

const provider prov_usdt = { .name = "usdt", .list = NULL, .attach = prov_uprobe_attach,
			     .provide = provide, .unload = prov_uprobe_unload };
