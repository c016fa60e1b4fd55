/* The io provider on the block layer's tracepoints: start when a request
 * is issued to the device, done when it completes. arg0 is the byte count,
 * arg1 the device (getmajor/getminor), arg2 the sector; args->field reads
 * the tracepoint's fields (dev, sector, nr_sector, bytes, rwbs, comm).
 * DTrace's bufinfo_t/devinfo_t/fileinfo_t translators are absent, and
 * Linux has no tracepoint for wait-start and wait-done. */
#include "probes/mapped.h"

extern const provider prov_io;

static const prov_map map[] = {
	{ "start", "block", "block_rq_issue", { "bytes", "dev", "sector" }, .cond = MC_NONE },
	{ "done", "block", "block_rq_complete", { "nr_sector", "dev", "sector" }, .cond = MC_NONE },
};
#define N (int)(sizeof(map) / sizeof(map[0]))

static int list(int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		void *arg)
{
	return prov_map_list(&prov_io, map, N, add, arg);
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

const provider prov_io = { "io", list, attach, NULL, field };
