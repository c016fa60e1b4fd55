/* tracefs access for the providers: where it is mounted (mounting it when
 * missing, as root may), event ids, and field offsets from format files
 * parsed by libtraceevent. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
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
	/* where it always is on a current kernel: no need to read the mount
	 * table (0.3 ms); mounted there first, as root may, on a fresh machine */
	if (stat("/sys/kernel/tracing/events", &st) == 0 ||
	    (geteuid() == 0 && mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) == 0 &&
	     stat("/sys/kernel/tracing/events", &st) == 0))
		return dir = "/sys/kernel/tracing";
	/* elsewhere: libtracefs finds it (/sys/kernel/debug/tracing ...) */
	dir = tracefs_tracing_dir();
	if (dir) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/events", dir);
		if (stat(path, &st) < 0)
			dir = NULL;
	}
	return dir;
}

char *prov_tracefs_read(const char *file, size_t *len)
{
	const char *dir = prov_tracefs_dir();
	char path[4096], *buf = NULL;
	size_t n = 0, cap = 0;
	ssize_t got;
	int fd;

	if (!dir) {
		errno = ENOENT;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	do {
		if (cap - n < 4096) {
			char *b = realloc(buf, cap = cap ? cap * 2 : 8192);
			if (!b) {
				free(buf);
				close(fd);
				errno = ENOMEM;
				return NULL;
			}
			buf = b;
		}
		got = read(fd, buf + n, cap - n - 1);
		if (got > 0)
			n += (size_t)got;
	} while (got > 0);
	int e = errno;
	close(fd);
	if (got < 0) {
		free(buf);
		errno = e;
		return NULL;
	}
	buf[n] = 0;
	*len = n;
	return buf;
}

/* The file of an event (id, format), as prov_tracefs_read() gives it. */
static char *event_file(const char *sys, const char *event, const char *file, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof(path), "events/%s/%s/%s", sys, event, file);
	return prov_tracefs_read(path, len);
}

int prov_tracefs_event_id(const char *sys, const char *event)
{
	size_t size = 0;
	int id;
	char *s = event_file(sys, event, "id", &size);

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

/* The last format parsed, kept for the next field of the same event (an
 * event's fields are looked up one at a time, and a parse costs some
 * 200,000 instructions): known by its system and its text, read again
 * each time, so that an event made again with other fields (a uprobe) is
 * parsed again. */
static struct {
	pthread_mutex_t mu;
	char *sys, *fmt;
	struct tep_handle *tep;
	struct tep_event *ev;
} parsed = { .mu = PTHREAD_MUTEX_INITIALIZER };

static void forget_parsed(void)
{
	tep_free(parsed.tep); /* frees the parsed event too */
	free(parsed.sys);
	free(parsed.fmt);
	parsed.tep = NULL;
	parsed.ev = NULL;
	parsed.sys = parsed.fmt = NULL;
}

void prov_tracefs_forget(void)
{
	pthread_mutex_lock(&parsed.mu);
	forget_parsed();
	pthread_mutex_unlock(&parsed.mu);
}

/* sys's format fmt (len bytes, taken) as parsed: parsed.ev, or NULL
 * (parsed.mu held) */
static struct tep_event *parse(const char *sys, char *fmt, size_t len)
{
	if (parsed.ev && !strcmp(parsed.sys, sys) && !strcmp(parsed.fmt, fmt)) {
		free(fmt);
		return parsed.ev;
	}
	forget_parsed();
	struct tep_handle *tep = tep_alloc();
	struct tep_event *ev = NULL;
	char *keep = strdup(sys);
	if (!tep || !keep || tep_parse_format(tep, &ev, fmt, (unsigned long)len, sys) != 0 || !ev) {
		tep_free(tep);
		free(keep);
		free(fmt);
		return NULL;
	}
	parsed.tep = tep;
	parsed.ev = ev;
	parsed.sys = keep;
	parsed.fmt = fmt;
	return ev;
}

/* The field of an event's format named name (or, name NULL, the n-th
 * after the common ones), described into out by describe. 0 or -errno. */
static int with_field(const char *sys, const char *event, const char *name, int n,
		      void (*describe)(const struct tep_format_field *f, prov_field *out),
		      prov_field *out)
{
	size_t len = 0;
	int ret = -ENOENT;
	char *fmt = event_file(sys, event, "format", &len);

	if (!fmt)
		return errno ? -errno : -ENOENT;
	pthread_mutex_lock(&parsed.mu);
	struct tep_event *ev = parse(sys, fmt, len);
	if (ev) {
		struct tep_format_field *f = name ? tep_find_field(ev, name) : ev->format.fields;
		for (int i = 0; !name && f && i < n; i++)
			f = f->next;
		if (f) {
			memset(out, 0, sizeof(*out));
			out->offset = (uint32_t)f->offset;
			describe(f, out);
			ret = 0;
		} else if (!name) {
			ret = -ERANGE; /* fewer fields than n */
		}
	}
	pthread_mutex_unlock(&parsed.mu);
	return ret;
}

/* As args-> reads it: size, sign and whether it is a string. */
static void as_field(const struct tep_format_field *f, prov_field *out)
{
	out->size = (uint32_t)f->size;
	out->is_signed = !!(f->flags & TEP_FIELD_IS_SIGNED);
	if (f->flags & TEP_FIELD_IS_DYNAMIC)
		out->kind = (f->flags & TEP_FIELD_IS_RELATIVE) ? PF_RELLOC : PF_DATALOC;
	else if ((f->flags & TEP_FIELD_IS_ARRAY) && (f->flags & TEP_FIELD_IS_STRING) && strstr(f->type, "char"))
		out->kind = PF_CHARS; /* char name[16]; __u8 addr[4] is bytes */
	else if ((f->flags & TEP_FIELD_IS_ARRAY) && f->elementsize > 0 && f->elementsize <= 8 &&
		 f->size % f->elementsize == 0) {
		out->kind = PF_ARRAY;
		out->elemsize = (uint8_t)f->elementsize;
	} else
		out->kind = PF_INT;
}

int prov_tracefs_field_info(const char *sys, const char *event, const char *field, prov_field *out)
{
	return with_field(sys, event, field, 0, as_field, out);
}

/* A C type name's size and sign, as D sees an argument of that type. */
static void ctype(const char *t, prov_field *out)
{
	static const struct { const char *name; uint8_t size, sign; } types[] = {
		{ "int", 4, 1 }, { "unsigned int", 4, 0 }, { "long", 8, 1 }, { "unsigned long", 8, 0 },
		{ "size_t", 8, 0 }, { "ssize_t", 8, 1 }, { "off_t", 8, 1 }, { "loff_t", 8, 1 },
		{ "pid_t", 4, 1 }, { "uid_t", 4, 0 }, { "gid_t", 4, 0 }, { "qid_t", 4, 0 },
		{ "mode_t", 4, 0 }, { "umode_t", 2, 0 }, { "u32", 4, 0 }, { "__u32", 4, 0 },
		{ "u64", 8, 0 }, { "__u64", 8, 0 }, { "key_serial_t", 4, 1 }, { "timer_t", 4, 1 },
		{ "clockid_t", 4, 1 }, { "aio_context_t", 8, 0 }, { "rwf_t", 4, 1 }, { "char", 1, 1 },
		{ "unsigned char", 1, 0 }, { "short", 2, 1 }, { "unsigned short", 2, 0 },
	};
	const char *name = strncmp(t, "const ", 6) ? t : t + 6;

	out->size = 8;
	out->is_signed = 1;
	if (strchr(t, '*')) {
		out->is_signed = 0; /* a pointer: an address, unsigned */
		return;
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(name, types[i].name)) {
			out->size = types[i].size;
			out->is_signed = types[i].sign;
			return;
		}
}

/* As args[n] types it: by the field's C type. */
static void as_arg(const struct tep_format_field *f, prov_field *out)
{
	out->kind = PF_INT;
	ctype(f->type, out);
}

int prov_tracefs_arg_info(const char *sys, const char *event, int n, prov_field *out)
{
	return with_field(sys, event, NULL, n, as_arg, out);
}

int prov_tracefs_write(const char *path, const char *s, int append)
{
	size_t len = strlen(s);
	int fd, rc = 0;

	if ((fd = open(path, O_WRONLY | (append ? O_APPEND : O_TRUNC) | O_CLOEXEC)) < 0)
		return -errno;
	if (write(fd, s, len) != (ssize_t)len)
		rc = -errno;
	close(fd);
	return rc;
}

int prov_pid_ended(int pid)
{
	char path[64], buf[512];

	if (kill(pid, 0) < 0)
		return errno == ESRCH;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	/* "pid (comm) state ...": the comm may hold ") " itself */
	const char *r = strrchr(buf, ')');
	return r && r[1] == ' ' && r[2] == 'Z';
}

static int dynevents_made;

/* Write one command to a dynamic-event file. 0 or -errno. */
int prov_dynevent_command(const char *file, const char *line)
{
	const char *dir = prov_tracefs_dir();
	char path[4200];

	if (!dir)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int rc = prov_tracefs_write(path, line, 1);
	if (rc == 0 && line[0] != '-')
		dynevents_made = 1;
	return rc;
}

int prov_dynevents_made(void)
{
	return dynevents_made;
}

int prov_dynevent_remove(const char *file, const char *sys, const char *event)
{
	char line[160];

	snprintf(line, sizeof(line), "-:%s/%s\n", sys, event);
	return prov_dynevent_command(file, line);
}

/* Remove the events of dtr processes that have ended (killed before they
 * could): their group names (dtr_<pid>) say whose they were. */
void prov_dynevent_remove_stale(const char *file)
{
	const char *dir = prov_tracefs_dir();
	char path[4200], line[4608];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (!(f = fopen(path, "r")))
		return;
	char (*gone)[72] = NULL;
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		int pid = 0;
		char name[64];
		if (sscanf(line, "%*c:dtr_%d/%63s", &pid, name) == 2 && pid > 0 && prov_pid_ended(pid)) {
			char (*g)[72] = realloc(gone, (size_t)(n + 1) * sizeof(*g));
			if (!g)
				break;
			gone = g;
			snprintf(gone[n++], sizeof(gone[0]), "-:dtr_%d/%.40s\n", pid, name);
		}
	}
	fclose(f);
	for (int i = 0; i < n; i++)
		prov_dynevent_command(file, gone[i]);
	free(gone);
}
