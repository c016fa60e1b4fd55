/* The io provider on the block layer's tracepoints: start when a request
 * is issued to the device, done when it completes. arg0 is the byte count,
 * arg1 the device (getmajor/getminor), arg2 the sector; args->field reads
 * the tracepoint's fields (dev, sector, nr_sector, bytes, rwbs, comm).
 * DTrace's bufinfo_t/devinfo_t/fileinfo_t translators are absent, and
 * Linux has no tracepoint for wait-start and wait-done. */
#include "probes/mapped.h"


static const prov_map map[] = {
	{ "start", "block", "block_rq_issue", { "bytes", "dev", "sector" }, .cond = MC_NONE },
	{ "done", "block", "block_rq_complete", { "nr_sector", "dev", "sector" }, .cond = MC_NONE },
};
PROV_MAPPED(io, map);
