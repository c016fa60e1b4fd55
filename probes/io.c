/* The io provider on the block layer's tracepoints: start when a request
 * is issued to the device, done when it completes. arg0 is the byte count,
 * arg1 the device (getmajor/getminor), arg2 the sector; args->field reads
 * the tracepoint's fields (dev, sector, nr_sector, bytes, rwbs, comm).
 * args[0..2] are DTrace's bufinfo_t, devinfo_t and fileinfo_t; the block
 * layer knows no file, so fileinfo_t's names are "<none>" as in DTrace for
 * I/O without one. Linux has no tracepoint for wait-start and wait-done. */
#include "probes/mapped.h"

/* b_flags: B_READ or B_WRITE from the request's rwbs ("R", "WS", "RA" ...) */
#define IO_FLAGS "(index(args->rwbs, \"R\") >= 0 ? B_READ : B_WRITE)"

static const prov_xlate start_buf = { .type = "bufinfo_t *", .members = (const prov_xmember[]){
	{ "b_flags", IO_FLAGS }, { "b_bcount", "(size_t)args->bytes" },
	{ "b_blkno", "(uint64_t)args->sector" }, { "b_lblkno", "(uint64_t)args->sector" },
	{ "b_resid", "(size_t)0" }, { "b_edev", "(uint64_t)args->dev" }, { NULL, NULL } } };
static const prov_xlate done_buf = { .type = "bufinfo_t *", .members = (const prov_xmember[]){
	{ "b_flags", IO_FLAGS }, { "b_bcount", "(size_t)args->nr_sector * 512" },
	{ "b_blkno", "(uint64_t)args->sector" }, { "b_lblkno", "(uint64_t)args->sector" },
	{ "b_resid", "(size_t)0" }, { "b_edev", "(uint64_t)args->dev" },
	{ "b_error", "(int)args->error" }, { NULL, NULL } } };
static const prov_xlate dev = { .type = "devinfo_t *", .members = (const prov_xmember[]){
	{ "dev_major", "getmajor(args->dev)" }, { "dev_minor", "getminor(args->dev)" },
	{ "dev_instance", "(int)getminor(args->dev)" }, { "dev_name", "_devname(args->dev)" },
	{ "dev_statname", "_devname(args->dev)" },
	{ "dev_pathname", "strjoin(\"/dev/\", _devname(args->dev))" }, { NULL, NULL } } };
static const prov_xlate file = { .type = "fileinfo_t *", .members = (const prov_xmember[]){
	{ "fi_name", "\"<none>\"" }, { "fi_dirname", "\"<none>\"" }, { "fi_pathname", "\"<none>\"" },
	{ "fi_offset", "(int64_t)-1" }, { "fi_fs", "\"<none>\"" }, { "fi_mount", "\"<none>\"" },
	{ NULL, NULL } } };


static const prov_map map[] = {
	{ "start", "block", "block_rq_issue", { "bytes", "dev", "sector" }, { &start_buf, &dev, &file },
	  .cond = MC_NONE },
	/* completions come in interrupts, also of dtr: none is left out */
	{ "done", "block", "block_rq_complete", { "nr_sector", "dev", "sector" }, { &done_buf, &dev, &file },
	  .cond = MC_NONE, .any_thread = 1 },
};
PROV_MAPPED(io, map);
