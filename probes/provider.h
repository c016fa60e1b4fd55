/* Providers: each lists its probes, and turns a set of matched probes into
 * event sources (a perf_event_attr, a kernel filter, and a decoder from a
 * raw sample to the probe that fired and its arguments). Providers never
 * print and know nothing of the runtime. Adding one is one file with a
 * `const provider prov_NAME` and one line in registry.c. */
#ifndef PROV_PROVIDER_H
#define PROV_PROVIDER_H

#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>

struct provider;

/* One probe. IDs are dense from 1 in registry order (dtrace's BEGIN, END,
 * ERROR are 1, 2, 3 as in DTrace). */
typedef struct prov_probe {
	uint32_t id;
	const struct provider *prov;
	const char *provname, *mod, *func, *name;
	const char *alias;    /* another module name it matches (a.out for a program), or NULL */
	long priv;            /* the provider's own datum (syscall number ...) */
} prov_probe;

enum { PROV_ID_BEGIN = 1, PROV_ID_END = 2, PROV_ID_ERROR = 3 };

/* The user registers sampled for user stacks and uprobe arguments
 * (PERF_SAMPLE_REGS_USER): perf's x86-64 numbers 0-8 (AX BX CX DX SI DI BP
 * SP IP) and 16-23 (R8-R15), in prov_sample.regs in this order. */
#define PROV_REGS_MASK 0xff01ffULL
enum {
	PROV_R_AX, PROV_R_BX, PROV_R_CX, PROV_R_DX, PROV_R_SI, PROV_R_DI, PROV_R_BP, PROV_R_SP,
	PROV_R_IP, PROV_R_R8, PROV_R_R9, PROV_R_R10, PROV_R_R11, PROV_R_R12, PROV_R_R13,
	PROV_R_R14, PROV_R_R15, PROV_NREGS
};

/* One perf sample as the runtime parsed it. */
typedef struct prov_sample {
	uint64_t ip;
	uint16_t misc;                /* PERF_RECORD_MISC_USER / _KERNEL ... */
	int32_t pid, tid;
	uint32_t cpu;
	uint64_t time;
	const uint8_t *raw;           /* PERF_SAMPLE_RAW data, if asked for */
	uint32_t rawlen;
	const uint64_t *callchain;    /* PERF_SAMPLE_CALLCHAIN, context markers included */
	uint64_t nchain;
	const uint64_t *regs;         /* PERF_SAMPLE_REGS_USER (PROV_R_*), NULL if none */
	const uint8_t *ustack;        /* PERF_SAMPLE_STACK_USER data */
	uint64_t ustack_size;
	const uint8_t *read;          /* PERF_SAMPLE_READ of a group: nr, then nr value and id pairs */
} prov_sample;

/* What a decoder says about a sample: which probe fired, its arguments,
 * and, for probes that fire on behalf of another thread (sched:::on-cpu),
 * the thread to fire as (tid 0: the sample's own; pid -1: tid's process). */
typedef struct prov_fire {
	uint32_t probe;
	uint32_t also[3];             /* more probes that fire with the same arguments, 0: none */
	int64_t args[10];
	int32_t pid, tid;
	const char *comm;
	int32_t err;                  /* the errno built-in (syscall returns) */
	const char *ustr[10];         /* the user string at args[n], captured at the event */
	uint16_t ustrlen[10];         /* ... its length with the NUL */
} prov_fire;

/* An event source: a perf event opened on every CPU (system-wide), or a
 * timer the runtime runs itself (timer_ns set, no perf event). */
typedef struct prov_event {
	struct perf_event_attr attr;  /* type, config (and sample_period) set; the runtime adds the rest */
	uint64_t sample_type;         /* what the decoder needs beyond tid, time and cpu */
	char *filter;                 /* kernel filter (malloc'ed), NULL for none */
	int has_pid_field;            /* the filter may exclude dtr's own pid */
	const char *pid_field;        /* ... by this field (NULL: common_pid) */
	int32_t pid;                  /* a process's event (its threads and their children), 0: system-wide */
	uint32_t only_probe;          /* the probe every sample fires, whatever it holds (0: the
	                               * decoder decides): the runtime may count instead */
	uint32_t stack_user;          /* bytes of user stack the decoder needs (PERF_SAMPLE_STACK_USER) */
	int raw_is_args;              /* the raw record holds only arguments (and errno, and which
	                               * of probes fired), so a program that reads none needs no
	                               * raw data: with only_probe, or with probes */
	int regs_are_args;            /* the user registers (PERF_SAMPLE_REGS_USER) and stack
	                               * (stack_user) give only arguments: a program that reads
	                               * none needs neither */
	const uint32_t *probes;       /* a wide event whose filter admits only firings of these
	                               * (NULL: unknown): a sample without raw data fires probes[0]
	                               * when the clauses cannot tell them apart */
	uint32_t nprobes;
	uint64_t timer_ns;            /* a timer probe firing every timer_ns on one CPU */
	uint32_t timer_probe;
	/* Decode one sample: return the probe id that fired (0: ignore) and
	 * fill f (args zeroed beforehand). */
	uint32_t (*decode)(const struct prov_event *ev, const prov_sample *smp, prov_fire *f);
	/* Optional, for a wide event: write into buf a filter admitting only
	 * probe's firings; its length, or -1 when there is none. */
	int (*select)(const struct prov_event *ev, uint32_t probe, char *buf, size_t len);
	void *priv;                   /* decoder state, freed with prov_events_free */
	const struct provider *prov;  /* the provider that made it (set by prov_attach) */
	void (*free_priv)(void *);
	char desc[64];                /* e.g. "raw_syscalls:sys_enter", for messages */
} prov_event;

/* A field of a probe's raw record (args->name of a tracepoint). */
enum prov_fieldkind { PF_INT, PF_CHARS, PF_DATALOC, PF_RELLOC, PF_ARRAY };

typedef struct prov_field {
	uint32_t offset, size;
	uint8_t kind;       /* enum prov_fieldkind: integer, char[size], __data_loc / __rel_loc
	                     * string, or an array of integers (__u8 saddr[4]) */
	uint8_t is_signed;
	uint8_t elemsize;   /* PF_ARRAY: bytes of one element */
} prov_field;

/* A translated argument: args[n] seen as DTrace's struct (psinfo_t,
 * bufinfo_t ...). Each member is a D expression over the probe's record
 * (args->field) and the built-in variables, compiled where it is used. */
typedef struct prov_xmember {
	const char *name, *expr;
} prov_xmember;

typedef struct prov_xlate {
	const char *type;             /* DTrace's type, e.g. "psinfo_t *" or "string" */
	const char *expr;             /* a plain value: its D expression */
	const prov_xmember *members;  /* a struct: its members, ending with a NULL name */
	const char *absent;           /* neither: why Linux cannot give this argument */
} prov_xlate;

/* A probe description's four fields, as written. */
typedef struct prov_desc {
	const char *prov, *mod, *func, *name;
} prov_desc;

typedef struct provider {
	const char *name;
	/* Add this provider's probes with add(); return 0 or -errno. */
	int (*list)(int (*add)(const struct provider *, const char *mod, const char *func,
			       const char *name, long priv, void *arg),
		    void *arg);
	/* Build event sources for the matched probes (all of this provider).
	 * Append them with push(); return 0 or -errno with a message in err. */
	int (*attach)(const prov_probe *const *probes, int n,
		      int (*push)(prov_event *ev, void *arg), void *arg,
		      char *err, size_t errlen);
	/* Optional: create the probes a description names that are made on
	 * demand (profile-1234, tick-5ms, pid123::malloc:entry), with
	 * prov_add_probe(). Called for every description, whatever its
	 * provider field: the provider decides what it serves. 0 or -errno. */
	int (*provide)(const char *prov, const char *mod, const char *func, const char *name);
	/* Optional: free what provide() made, when the probe table goes. */
	void (*unload)(void);
	/* Optional: the field name of probe p's raw record. 0 or -ENOENT. */
	int (*field)(const prov_probe *p, const char *name, prov_field *out);
	/* Optional: the D type (size, sign) of args[n]. 0 or -ENOENT. */
	int (*argtype)(const prov_probe *p, int n, prov_field *out);
	/* Optional: args[n] as a translated struct, or NULL. */
	const prov_xlate *(*xlate)(const prov_probe *p, int n);
	/* Optional: the tracepoints a program with these descriptions (all of
	 * the program's, whatever provider they name) surely attaches this
	 * provider's probes to, known before its probes are listed: warm(sys,
	 * event, arg) for each. One it is not sure of is left out (the
	 * runtime registers these while the compiler runs: a wrong one would
	 * be registered for nothing). */
	void (*surely)(const prov_desc *d, int n, void (*warm)(const char *sys, const char *event, void *arg),
		       void *arg);
} provider;

/* Every provider's surely() for the descriptions (before prov_load). */
void prov_surely(const prov_desc *d, int n, void (*warm)(const char *sys, const char *event, void *arg),
		 void *arg);

/* Load the probe table of every provider (once). Returns 0 or -ENOMEM; a
 * provider that cannot list its probes (no tracefs, no permission) is left
 * empty and prov_list_error() says why. */
int prov_load(void);
/* Load, as prov_load(), only the providers up to the last one whose name
 * matches provpattern and that may have a probe called name (prov_match()
 * does it for its description). */
int prov_load_for(const char *provpattern, const char *name);
const char *prov_list_error(const char *provpattern);
void prov_unload(void);
uint32_t prov_count(void);
const prov_probe *prov_get(uint32_t id);

/* Let providers make on-demand probes a description names. Returns 0, or
 * -errno with a message in err when a provider that serves the description
 * could not make its probes (no such process, not an ELF file ...). */
int prov_provide(const char *prov, const char *mod, const char *func, const char *name, char *err,
		 size_t errlen);
/* Add a probe (from provide()): provname may differ from the provider's name
 * (pid123), alias is a second module name it matches, or NULL. The
 * provider adds each probe once. Returns the id, or -ENOMEM. */
long prov_add_probe(const provider *pv, const char *provname, const char *mod, const char *alias,
		    const char *func, const char *name, long priv);
/* Why the last provide() failed, for providers to set (prov_provide returns it). */
void prov_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The runtime's hook that makes a process ready to be probed: a -c command
 * held before exec is run up to its entry point, with its libraries mapped.
 * Providers call prov_target_ready(pid) before reading pid's mappings. */
void prov_set_target_hook(int (*ready)(int32_t pid));
int prov_target_ready(int32_t pid);

/* Does a description field (empty, a glob or a word) match s, as DTrace
 * matches them? */
int prov_glob(const char *pattern, const char *s);

/* Does a provider whose name matches the pattern exist? */
int prov_provider_exists(const char *pattern);

/* Call cb for every probe matching the description (empty fields and glob
 * patterns match as in DTrace). Returns the number matched. */
int prov_match(const char *prov, const char *mod, const char *func, const char *name,
	       void (*cb)(const prov_probe *p, void *arg), void *arg);

/* The arguments whose user strings the clauses enabled on a probe read
 * (copyinstr(argN): bit N), set before prov_attach: providers that can
 * capture them when the probe fires do (uprobe fetch arguments). */
void prov_set_ustrargs(uint32_t probe, uint16_t mask);
uint16_t prov_ustrargs(uint32_t probe);

/* Kernel fetch arguments (tracefs kprobe syntax, "+8(%di):u32") the
 * compiler pushed down for entry (ret 0) or return (ret 1) probes: every
 * record of such a probe carries all of them, in order, as fields f0, f1 ...
 * prov_fetch_add returns the spec's index (once per spec) or -ENOMEM. */
int prov_fetch_add(int ret, const char *spec);
int prov_fetch_count(int ret);
const char *prov_fetch_spec(int ret, int k);

/* Event sources for a set of probe ids (any providers). Returns 0 or
 * -errno with err filled; *evs is a malloc'ed array. */
int prov_attach(const uint32_t *ids, int n, prov_event **evs, int *nevs, char *err, size_t errlen);
void prov_events_free(prov_event *evs, int n);

/* One tracepoint as an event source with decoder dec (tracepoint.c). priv
 * is owned (freed) by the event, also on failure. dtr's own events are
 * filtered out by pid_field (NULL: common_pid, the current task; "": none
 * are, the tracepoint fires in whatever thread it interrupts). probe: the
 * probe every sample fires (prov_event.only_probe), 0 when dec decides. */
int prov_tracepoint_push(const char *sys, const char *event, uint32_t probe, const char *pid_field,
			 uint32_t (*dec)(const prov_event *, const prov_sample *, prov_fire *),
			 void *priv, int (*push)(prov_event *, void *), void *arg,
			 char *err, size_t errlen);

/* A string's hash, for the providers' tables. */
uint32_t prov_hash(const char *s);

/* The field name of probe id's record, via its provider. 0, or -ENOENT. */
int prov_field_of(uint32_t id, const char *name, prov_field *out);
/* The type of args[n] of probe id, via its provider. 0, -ERANGE when the
 * probe has fewer arguments, or -ENOENT when its provider does not know. */
int prov_argtype_of(uint32_t id, int n, prov_field *out);
/* args[n] of probe id as a translated struct, or NULL. */
const prov_xlate *prov_xlate_of(uint32_t id, int n);
/* The firing process's psinfo_t and thread's lwpsinfo_t (curpsinfo,
 * curlwpsinfo, and the args[] that are the current process). */
extern const prov_xlate prov_xl_curpsinfo, prov_xl_curlwpsinfo;

/* What _proc(tid, what) gives of a thread and its process, the numbers the
 * translators' texts pass: ids and credentials from the process table
 * (PI_PID to PI_GID), the rest read from /proc (-1 when unknown). */
enum prov_procinfo {
	PI_PID, PI_PPID, PI_UID, PI_GID,
	PI_EUID, PI_EGID,     /* effective ids (status Uid:, Gid:) */
	PI_PGID, PI_SID,      /* process group and session */
	PI_DMODEL,            /* PR_MODEL_ILP32 (1) or PR_MODEL_LP64 (2), from the ELF class */
	PI_START,             /* the process's start, ns since the epoch */
	PI_NLWP,              /* its number of threads */
	PI_PRI,               /* the thread's priority as the kernel's prio (0-139) */
	PI_CLASS,             /* its scheduling class: 0 TS, 1 RT, 2 SYS */
	PI_LWPSTART,          /* the thread's start, ns since the epoch */
	PI_NWHAT
};

/* tracefs helpers (tracefs.c): the mounted tracing directory (mounting
 * tracefs when missing and root), a file below it read whole, an event's
 * id, a field's offset and size from its format file. */
const char *prov_tracefs_dir(void);
/* file (a path below the tracing directory), read whole and NUL-terminated,
 * its length in *len; NULL with errno set if it cannot be read. */
char *prov_tracefs_read(const char *file, size_t *len);
int prov_tracefs_event_id(const char *sys, const char *event);
/* Let go of the last format parsed (prov_unload() does). */
void prov_tracefs_forget(void);
/* Write s to tracefs file path (absolute; not through stdio: tracefs
 * files refuse the seek fopen's append mode makes), appended or replacing
 * what it holds. 0 or -errno. */
int prov_tracefs_write(const char *path, const char *s, int append);
/* Has process pid ended: gone, or a zombie (killed, its parent not yet
 * told)? What dtr leaves in tracefs (dynamic events, instances) is named
 * by its pid and removed by a later dtr once it has. */
int prov_pid_ended(int pid);
/* Dynamic events (uprobe_events, kprobe_events): write one command line;
 * remove the events of dtr processes that died without removing theirs.
 * Every dtr names its events' group dtr_<its pid>. */
int prov_dynevent_command(const char *file, const char *line);
int prov_dynevent_remove(const char *file, const char *sys, const char *event);
void prov_dynevent_remove_stale(const char *file);
/* Has this process made a dynamic event (one it must remove at the end)? */
int prov_dynevents_made(void);
int prov_tracefs_field(const char *sys, const char *event, const char *field, int *offset,
		       int *size);
/* The same with the field's kind and sign, as args-> sees it. */
int prov_tracefs_field_info(const char *sys, const char *event, const char *field, prov_field *out);
/* The n-th field after the common ones, typed by its C type (size, sign);
 * -ERANGE when the event has fewer fields. */
int prov_tracefs_arg_info(const char *sys, const char *event, int n, prov_field *out);

#endif
