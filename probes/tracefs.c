/* tracefs access for the providers: where it is mounted (mounting it when
 * missing, as root may), event ids, and field offsets from format files
 * parsed by libtraceevent. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event-parse.h>
#include <tracefs.h>

#include "probes/provider.h"

const char *prov_tracefs_dir(void)
{
	static const char *dir;
	struct stat st;

	if (dir)
		return dir;
	/* libtracefs finds a mounted tracefs (and tries to mount it); do the
	 * mount ourselves first so that a fresh machine works either way */
	if (stat("/sys/kernel/tracing/events", &st) < 0 && geteuid() == 0)
		mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL);
	dir = tracefs_tracing_dir();
	if (dir) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/events", dir);
		if (stat(path, &st) < 0)
			dir = NULL;
	}
	return dir;
}

int prov_tracefs_event_id(const char *sys, const char *event)
{
	int size = 0, id;
	char *s = tracefs_event_file_read(NULL, sys, event, "id", &size);

	if (!s)
		return errno ? -errno : -ENOENT;
	id = atoi(s);
	free(s);
	return id;
}

int prov_tracefs_field(const char *sys, const char *event, const char *field, int *offset,
		       int *size)
{
	prov_field f;
	int rc = prov_tracefs_field_info(sys, event, field, &f);

	if (rc == 0) {
		*offset = (int)f.offset;
		*size = (int)f.size;
	}
	return rc;
}

int prov_tracefs_field_info(const char *sys, const char *event, const char *field, prov_field *out)
{
	int len = 0, ret = -ENOENT;
	char *fmt = tracefs_event_file_read(NULL, sys, event, "format", &len);
	struct tep_handle *tep;
	struct tep_event *ev = NULL;

	if (!fmt)
		return errno ? -errno : -ENOENT;
	if ((tep = tep_alloc()) && tep_parse_format(tep, &ev, fmt, (unsigned long)len, sys) == 0 && ev) {
		struct tep_format_field *f = tep_find_field(ev, field);
		if (f) {
			out->offset = (uint32_t)f->offset;
			out->size = (uint32_t)f->size;
			out->is_signed = !!(f->flags & TEP_FIELD_IS_SIGNED);
			if (f->flags & TEP_FIELD_IS_DYNAMIC)
				out->kind = (f->flags & TEP_FIELD_IS_RELATIVE) ? PF_RELLOC : PF_DATALOC;
			else if ((f->flags & TEP_FIELD_IS_ARRAY) && (f->flags & TEP_FIELD_IS_STRING))
				out->kind = PF_CHARS;
			else
				out->kind = PF_INT;
			ret = 0;
		}
	}
	tep_free(tep); /* frees the parsed event too */
	free(fmt);
	return ret;
}
